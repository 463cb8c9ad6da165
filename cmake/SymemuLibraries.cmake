# Library data files and built-in library plug-ins (emulator/runtime/library_plugin.h).
#
# A library's data files (library.json, <Module>/module.json, form.json, locale.json) are copied
# to <build>/share/symemu/libraries/<NAME> and installed to <prefix>/share/symemu/libraries/<NAME>;
# the runtime finds them relative to the binary (emulator/runtime/data_dir.h), never by source path.

set(SYMEMU_DATA_BUILD_DIR ${CMAKE_BINARY_DIR}/share/symemu)
set(SYMEMU_DATA_INSTALL_DIR share/symemu)

# symemu_library_data(NAME DIR): the data files of the library folder DIR as libraries/NAME.
function(symemu_library_data name dir)
  file(GLOB files CONFIGURE_DEPENDS RELATIVE ${dir}
       ${dir}/library.json ${dir}/*/module.json ${dir}/*/form.json ${dir}/*/locale.json)
  if(NOT files)
    message(FATAL_ERROR "symemu_library_data(${name}): no library.json in ${dir}")
  endif()
  foreach(rel ${files})
    configure_file(${dir}/${rel} ${SYMEMU_DATA_BUILD_DIR}/libraries/${name}/${rel} COPYONLY)
    get_filename_component(sub ${rel} DIRECTORY)
    install(FILES ${dir}/${rel} DESTINATION ${SYMEMU_DATA_INSTALL_DIR}/libraries/${name}/${sub})
  endforeach()
endfunction()

# symemu_builtin_library(NAME TARGET FUNCTION DIR): a library built into symemu. TARGET is the
# static library with its modules, FUNCTION the C++ function in namespace symemu that returns
# its LibraryPlugin (whose `directory` is NAME), DIR its folder with the data files.
# emulator/runtime (configured after every library) generates the catalog from these.
function(symemu_builtin_library name target function dir)
  symemu_library_data(${name} ${dir})
  set_property(GLOBAL APPEND PROPERTY SYMEMU_BUILTIN_LIBRARY_TARGETS ${target})
  set_property(GLOBAL APPEND PROPERTY SYMEMU_BUILTIN_LIBRARY_FUNCTIONS ${function})
endfunction()

# symemu_data_folder(NAME DIR): every file below DIR as <data>/NAME (e.g. the web console's files).
function(symemu_data_folder name dir)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*)
  foreach(rel ${files})
    configure_file(${dir}/${rel} ${SYMEMU_DATA_BUILD_DIR}/${name}/${rel} COPYONLY)
    get_filename_component(sub ${rel} DIRECTORY)
    install(FILES ${dir}/${rel} DESTINATION ${SYMEMU_DATA_INSTALL_DIR}/${name}/${sub})
  endforeach()
endfunction()
