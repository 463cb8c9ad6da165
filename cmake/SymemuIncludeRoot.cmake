# Project headers are included as "symemu/<area>/<file>.h", from anywhere (docs/architecture.md
# §8): symemu/<area> is emulator/<area>, and symemu/smartmetering is
# modules/SmartMetering. The root is a folder of links in the build tree, so the sources keep
# the layout users know and no target needs include directories of its own.
set(SYMEMU_INCLUDE_ROOT ${CMAKE_BINARY_DIR}/include)
file(MAKE_DIRECTORY ${SYMEMU_INCLUDE_ROOT}/symemu)
function(symemu_include_area name folder)
  if(NOT IS_DIRECTORY ${folder})
    message(FATAL_ERROR "include area symemu/${name}: ${folder} is missing")
  endif()
  file(REMOVE ${SYMEMU_INCLUDE_ROOT}/symemu/${name})
  file(CREATE_LINK ${folder} ${SYMEMU_INCLUDE_ROOT}/symemu/${name} SYMBOLIC)
endfunction()
foreach(area api cli core harness kernel php runtime store)
  symemu_include_area(${area} ${PROJECT_SOURCE_DIR}/emulator/${area})
endforeach()
symemu_include_area(smartmetering ${PROJECT_SOURCE_DIR}/modules/SmartMetering)
include_directories(${SYMEMU_INCLUDE_ROOT})
