# Runs the generator (GEN) into WORK and fails if the result differs from
# the committed corpus (COMMITTED): same file names, same bytes.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${GEN}" "${WORK}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mmaplab-gen-cases failed (status ${rc})")
endif()

file(GLOB fresh RELATIVE "${WORK}" "${WORK}/*.json")
file(GLOB committed RELATIVE "${COMMITTED}" "${COMMITTED}/*.json")
list(SORT fresh)
list(SORT committed)
set(fix "regenerate with: cmake --build <build> --target mmaplab_regen_cases")
if(NOT fresh STREQUAL committed)
  message(FATAL_ERROR "generated corpus files differ:\n"
    "  generator writes: ${fresh}\n  committed:        ${committed}\n${fix}")
endif()
foreach(name IN LISTS fresh)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files
    "${WORK}/${name}" "${COMMITTED}/${name}" RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "conformance/cases/generated/${name} is stale; ${fix}")
  endif()
endforeach()
message(STATUS "generated corpus is fresh (${fresh})")
