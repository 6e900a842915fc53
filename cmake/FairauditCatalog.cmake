# fairaudit_add_catalog(<domain> [PO_DIR <dir>])
#
# Compiles a message catalog — the GNU gettext PO files <dir>/<lang>.po
# (default: po/ beside the calling CMakeLists.txt) — into
# <locale>/<lang>/LC_MESSAGES/<domain>.mo with msgfmt, where the host reads it
# with Boost.Locale (host/i18n/i18n.hpp). <domain> is the plugin's name (the
# host asks a plugin's catalog by that name) or "host".
#
# <locale> is the directory "locale" beside the plugin: in the build tree
# under FAIRAUDIT_PLUGIN_BUILD_DIR (else beside the plugin target's library,
# else in the current binary directory), installed under
# FAIRAUDIT_PLUGIN_INSTALL_DIR. So a plugin needs one line after
# fairaudit_add_plugin():
#
#   fairaudit_add_plugin(my-plugin plugin.cpp)
#   fairaudit_add_catalog(my-plugin)
#
# The same function is installed with the SDK's package config, for plugins
# built out of tree. msgfmt --check refuses a PO file with a syntax error or a
# bad header at build time; tests/i18n lints what msgfmt does not check (every
# message in every language, the same placeholders).
find_program(FAIRAUDIT_MSGFMT msgfmt)

function(fairaudit_add_catalog domain)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PO_DIR" "")
  if(NOT FAIRAUDIT_MSGFMT)
    message(FATAL_ERROR "fairaudit_add_catalog(${domain}): msgfmt not found (Debian package gettext)")
  endif()
  set(po_dir "${CMAKE_CURRENT_SOURCE_DIR}/po")
  if(arg_PO_DIR)
    set(po_dir "${arg_PO_DIR}")
  endif()
  file(GLOB po_files CONFIGURE_DEPENDS "${po_dir}/*.po")
  if(NOT po_files)
    message(FATAL_ERROR "fairaudit_add_catalog(${domain}): no .po file in ${po_dir}")
  endif()

  if(DEFINED FAIRAUDIT_PLUGIN_BUILD_DIR)
    set(locale_dir "${FAIRAUDIT_PLUGIN_BUILD_DIR}/locale")
  elseif(TARGET ${domain})
    get_target_property(lib_dir ${domain} LIBRARY_OUTPUT_DIRECTORY)
    if(lib_dir)
      set(locale_dir "${lib_dir}/locale")
    else()
      set(locale_dir "${CMAKE_CURRENT_BINARY_DIR}/locale")
    endif()
  else()
    set(locale_dir "${CMAKE_CURRENT_BINARY_DIR}/locale")
  endif()

  set(mo_files)
  foreach(po IN LISTS po_files)
    get_filename_component(lang "${po}" NAME_WE)
    set(mo "${locale_dir}/${lang}/LC_MESSAGES/${domain}.mo")
    add_custom_command(OUTPUT "${mo}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${locale_dir}/${lang}/LC_MESSAGES"
      COMMAND ${FAIRAUDIT_MSGFMT} --check -o "${mo}" "${po}"
      DEPENDS "${po}"
      COMMENT "Compiling the ${lang} catalog of ${domain}"
      VERBATIM)
    list(APPEND mo_files "${mo}")
    if(DEFINED FAIRAUDIT_PLUGIN_INSTALL_DIR)
      install(FILES "${mo}" DESTINATION "${FAIRAUDIT_PLUGIN_INSTALL_DIR}/locale/${lang}/LC_MESSAGES")
    endif()
  endforeach()

  add_custom_target(${domain}_catalog ALL DEPENDS ${mo_files})
  # Whatever builds the plugin (tests, fairaudit_all_plugins) builds its catalog.
  if(TARGET ${domain})
    add_dependencies(${domain} ${domain}_catalog)
  endif()
  if(NOT TARGET fairaudit_all_catalogs)
    add_custom_target(fairaudit_all_catalogs)
  endif()
  add_dependencies(fairaudit_all_catalogs ${domain}_catalog)
endfunction()
