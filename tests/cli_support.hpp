// Helpers for the tests that run the negsim binary itself: a scratch folder and one command's exit code and output.
#pragma once

#include "input/scenario_loader.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace negsim::test {

struct CliResult {
    int exit_code;
    std::string out;
    std::string err;
};

// Runs negsim with `args` (a shell-quoted string), capturing stdout and stderr in `scratch`.
inline CliResult negsim_cli(const std::string& args, const std::filesystem::path& scratch) {
    const std::filesystem::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
    const std::string command = std::string(NEGSIM_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out.string()), read_file(err.string())};
}

// An empty folder of its own for one test case (`name` and the process id keep parallel tests apart).
inline std::filesystem::path scratch_dir(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("negsim-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// The rows of a CSV text split at commas (the files compared here have no quoted fields in the columns read).
inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::stringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::stringstream items(line);
        for (std::string field; std::getline(items, field, ',');) fields.push_back(field);
        rows.push_back(fields);
    }
    return rows;
}

}  // namespace negsim::test
