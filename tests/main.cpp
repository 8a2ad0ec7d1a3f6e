// The test runner: Catch2's session with two warnings always on, so that no run can pass without testing anything:
// a test spec that matches no case fails (NoTests), and so does a case that runs no assertion (NoAssertions). CTest
// runs one case per entry (catch_discover_tests), so an entry whose name matched nothing would otherwise pass.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    Catch::Session session;
    if (const int parsed = session.applyCommandLine(argc, argv); parsed != 0) return parsed;
    // Catch2 2.x takes one --warn per command line; both are set here instead.
    Catch::ConfigData& data = session.configData();
    data.warnings = static_cast<Catch::WarnAbout::What>(data.warnings | Catch::WarnAbout::NoAssertions | Catch::WarnAbout::NoTests);
    return session.run();
}
