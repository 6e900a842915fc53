# fairaudit_add_plugin(NAME SOURCES...)
# Builds a policy plugin as a MODULE library named NAME.so, the file name the
# host looks for in its plugin directories, and installs it (relative to the
# install prefix) into FAIRAUDIT_PLUGIN_INSTALL_DIR.
#
# The library is checked as soon as it is linked: `fairaudit plugins NAME.so`
# reads its stamp and describes it in a process of its own (the stamp holds
# no name: only info() says it, so the plugin's code runs, but never in the
# build's own process), and the build fails when info().name is not NAME (the
# name a policy uses and the file the host looks for), when the plugin does
# not start, or when fairaudit would refuse it. The fairaudit that checks is
# the target FAIRAUDIT_PLUGIN_CHECKER names when there is one (this tree's own
# build: its fairaudit, built first), else FAIRAUDIT_EXECUTABLE (an installed
# fairaudit, from the package). The check is a target of its own,
# fairaudit_check_NAME, part of `all`: the plugin's sources compile while
# fairaudit is still being built, and the check runs again only when the
# library is linked again (its stamp file, NAME.checked, says when it passed).
function(fairaudit_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${name} PRIVATE fairaudit::sdk)
  # fairaudit::sdk carries C++20 as well; said here too, so that the plugin's
  # own target shows what it is built with.
  target_compile_features(${name} PRIVATE cxx_std_20)
  if(NOT TARGET fairaudit_all_plugins)
    add_custom_target(fairaudit_all_plugins)
  endif()
  add_dependencies(fairaudit_all_plugins ${name})
  if(DEFINED FAIRAUDIT_PLUGIN_BUILD_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${FAIRAUDIT_PLUGIN_BUILD_DIR}")
  endif()
  if(DEFINED FAIRAUDIT_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION "${FAIRAUDIT_PLUGIN_INSTALL_DIR}")
  endif()
  set(checker "")
  set(checker_target "")
  if(DEFINED FAIRAUDIT_PLUGIN_CHECKER AND TARGET "${FAIRAUDIT_PLUGIN_CHECKER}")
    set(checker "$<TARGET_FILE:${FAIRAUDIT_PLUGIN_CHECKER}>")
    get_target_property(imported "${FAIRAUDIT_PLUGIN_CHECKER}" IMPORTED)
    if(NOT imported)
      set(checker_target "${FAIRAUDIT_PLUGIN_CHECKER}")
    endif()
  elseif(DEFINED FAIRAUDIT_EXECUTABLE AND EXISTS "${FAIRAUDIT_EXECUTABLE}")
    set(checker "${FAIRAUDIT_EXECUTABLE}")
  endif()
  if(checker AND NOT CMAKE_CROSSCOMPILING)
    set(checked "${CMAKE_CURRENT_BINARY_DIR}/${name}.checked")
    add_custom_command(OUTPUT "${checked}"
      COMMAND "${checker}" plugins "$<TARGET_FILE:${name}>"
      COMMAND "${CMAKE_COMMAND}" -E touch "${checked}"
      DEPENDS ${name}
      COMMENT "Checking ${name}.so with fairaudit plugins (its name, stamp and start)"
      VERBATIM)
    # A plugin name has no underscore, so this cannot be another plugin's name.
    add_custom_target(fairaudit_check_${name} ALL DEPENDS "${checked}")
    if(checker_target)
      add_dependencies(fairaudit_check_${name} ${checker_target})
    endif()
    add_dependencies(fairaudit_all_plugins fairaudit_check_${name})
  endif()
endfunction()
