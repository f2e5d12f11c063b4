# hotline_add_test(NAME name SOURCES a.cc b.cc LIBS lib...)
# One helper for every unit test: a GoogleTest binary registered with CTest,
# each test case listed separately so failures name the case.
find_package(GTest REQUIRED)
include(GoogleTest)

function(hotline_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
