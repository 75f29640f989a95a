// doctest's main for the client unit tests (run with: node mawid_client_tests.js).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
