// Small things of the command line, end to end: a package written with spaces.
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::negsim_cli;
using negsim::test::scratch_dir;

TEST_CASE("evaluate reads a package written with spaces after the commas and around the names", "[cli][evaluate]") {
    const fs::path dir = scratch_dir("package-spaces");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const auto tight = negsim_cli("evaluate " + small + " --samples 20 --package water_share=50,duration=10,monitoring=none", dir);
    const auto spaced = negsim_cli("evaluate " + small + " --samples 20 --package \"water_share=50, duration = 10,  monitoring= none\"", dir);
    INFO(spaced.err);
    REQUIRE(tight.exit_code == 0);
    CHECK(spaced.exit_code == 0);
    CHECK(spaced.out == tight.out);
    fs::remove_all(dir);
}
