# fairaudit_add_plugin(NAME SOURCES...)
# Builds a policy plugin as a MODULE library named NAME.so, the file name the
# host looks for in its plugin directories.
function(fairaudit_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${name} PRIVATE fairaudit::sdk)
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
endfunction()
