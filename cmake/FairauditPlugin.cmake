# fairaudit_add_plugin(NAME SOURCES...)
# Builds a policy plugin as a MODULE library named NAME.so, the file name the
# host looks for in its plugin directories, and installs it (relative to the
# install prefix) into FAIRAUDIT_PLUGIN_INSTALL_DIR.
#
# Against an installed fairaudit (FAIRAUDIT_EXECUTABLE, from the package), the
# library is checked as soon as it is linked: `fairaudit plugins NAME.so`
# reads its stamp and describes it in a process of its own, and the build
# fails when info().name is not NAME (the name a policy uses and the file
# the host looks for), when the plugin does not start, or when fairaudit
# would refuse it.
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
  if(DEFINED FAIRAUDIT_EXECUTABLE AND EXISTS "${FAIRAUDIT_EXECUTABLE}" AND NOT CMAKE_CROSSCOMPILING)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND "${FAIRAUDIT_EXECUTABLE}" plugins "$<TARGET_FILE:${name}>"
      COMMENT "Checking ${name}.so with fairaudit plugins (its name, stamp and start)"
      VERBATIM)
  endif()
endfunction()
