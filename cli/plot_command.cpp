// negsim plot DIR and negsim run --plots: the figures and the HTML report of a run folder, drawn by plots/report.py,
// or the figures of a sweep folder, drawn by plots/sweep.py (docs/plots.md), under Debian's Python, for which
// python3-matplotlib is installed. Python is optional: without it, or without matplotlib, one line says how to get
// the figures and the run's results stand as they are.
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "input/input_error.hpp"
#include "model/text.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace negsim::cli {

namespace {

namespace fs = std::filesystem;

// The script's exit codes for a bad input and for a missing matplotlib (plots/common.py, EXIT_INPUT and
// EXIT_NO_MATPLOTLIB).
constexpr int kScriptBadInput = 2;
constexpr int kScriptNoMatplotlib = 3;
constexpr int kNotStarted = -1;

// An environment variable's value, or `fallback` when it is unset or empty.
std::string setting(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

struct Finished {
    int exit_code = kNotStarted;  // kNotStarted: the interpreter could not be started, or the script was killed
    std::string errors;           // what the script wrote on stderr
};

// Runs argv[0] with the arguments, stdout shared with negsim's and stderr read back (to be one line of negsim's own).
Finished run_program(const std::vector<std::string>& argv) {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) throw std::runtime_error("cannot create a pipe to run " + argv[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_ends[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::cout.flush();  // the script's lines come after negsim's
    std::fflush(stdout);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_ends[1]);
    Finished finished;
    char buffer[4096];
    for (ssize_t n = 0; (n = read(pipe_ends[0], buffer, sizeof buffer)) != 0;) {
        if (n > 0) finished.errors.append(buffer, static_cast<std::size_t>(n));
        else if (errno != EINTR) break;
    }
    close(pipe_ends[0]);
    if (spawned != 0) return finished;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return finished;
    if (WIFEXITED(status)) finished.exit_code = WEXITSTATUS(status);
    return finished;
}

std::string first_line(const std::string& text) { return printable_text(text.substr(0, text.find('\n')), kMessageChars); }

// Runs one script of plots/ on a folder; true when it drew, false (with a one-line note) when Python, matplotlib
// or the script is missing; a bad input is an InputError naming the folder, any other failure a runtime_error.
bool run_script(const std::string& folder, const std::string& name, const std::vector<std::string>& script_args) {
    const std::string python = setting("NEGSIM_PYTHON", "/usr/bin/python3");
    const fs::path script = fs::path(setting("NEGSIM_PLOTS_DIR", NEGSIM_PLOTS_DIR)) / name;
    const std::string later = "; then: negsim plot " + folder;
    if (!fs::is_regular_file(script)) {
        std::cerr << "negsim: note: no figures: " << printable_text(script.string()) << " is not there (NEGSIM_PLOTS_DIR names negsim's plots/ folder)" << later << '\n';
        return false;
    }
    std::vector<std::string> argv{python, script.string()};
    argv.insert(argv.end(), script_args.begin(), script_args.end());
    const Finished done = run_program(argv);
    if (done.exit_code == 0) {
        std::cerr << done.errors;  // a library's warning, if any: the script's own messages are errors only
        return true;
    }
    if (done.exit_code == kNotStarted && done.errors.empty()) {
        std::cerr << "negsim: note: no figures: " << printable_text(python) << " (Python 3) is not installed; apt-get install python3-matplotlib" << later << '\n';
        return false;
    }
    if (done.exit_code == kScriptNoMatplotlib) {
        std::cerr << "negsim: note: no figures: matplotlib is not installed for " << printable_text(python) << "; apt-get install python3-matplotlib" << later << '\n';
        return false;
    }
    const std::string prefix = "plots/" + name + ": ";
    std::string line = first_line(done.errors);
    if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
    if (done.exit_code == kScriptBadInput) throw InputError(folder, "", "cannot draw its figures: " + line);
    throw std::runtime_error(script.string() + " failed" + (done.exit_code == kNotStarted ? "" : " (exit code " + std::to_string(done.exit_code) + ")") + ": " + line);
}

// A sweep folder (sweep.csv, no summary.json): sweep.png of sweep.csv and, for a Saltelli design, sweep_sobol.png of
// its Sobol indices, drawn by plots/sweep.py; the line naming them is negsim's, as report.py's is for a run folder.
bool plot_sweep(const std::string& folder) {
    const fs::path dir(folder);
    std::vector<std::string> written;
    if (!run_script(folder, "sweep.py", {folder, "--no-sobol", "-o", (dir / "sweep.png").string()})) return false;
    written.push_back("sweep.png");
    if (fs::is_regular_file(dir / "sobol.csv")) {
        if (!run_script(folder, "sweep.py", {folder, "--sobol", "-o", (dir / "sweep_sobol.png").string()})) return false;
        written.push_back("sweep_sobol.png");
    } else {
        std::error_code ignored;  // a Sobol figure of an earlier design in this folder is not of its present files
        fs::remove(dir / "sweep_sobol.png", ignored);
    }
    std::cout << "Figures in " << (dir / "").string() << ": " << written.front();
    for (std::size_t k = 1; k < written.size(); ++k) std::cout << ", " << written[k];
    std::cout << '\n';
    return true;
}

}  // namespace

bool plot(const std::string& folder) {
    if (!fs::is_directory(folder)) throw InputError(folder, "", "no such folder; expected the output folder of a negsim run");
    const fs::path dir(folder);
    if (!fs::exists(dir / "summary.json") && fs::is_regular_file(dir / "sweep.csv")) return plot_sweep(folder);
    return run_script(folder, "report.py", {folder, "--figures"});
}

int plot_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim plot DIR\n\nDraw the figures of a negsim run output folder and write them into it "
                                    "(docs/plots.md): outcomes.png, sensitivity.png, zone_map.png (if zone_map.csv is there), "
                                    "trace.png (if trace.csv is there) and report.html, one page with the summary and every "
                                    "figure. A sweep folder (sweep.csv, no summary.json) gets sweep.png and, for a Sobol design, "
                                    "sweep_sobol.png (plots/sweep.py). Needs Python 3 with matplotlib (apt-get install python3-matplotlib); the scripts "
                                    "are in plots/ (NEGSIM_PLOTS_DIR overrides the folder, NEGSIM_PYTHON the interpreter, default "
                                    "/usr/bin/python3).\n\nOptions");
    options.add_options()("help", "this text");
    const auto vm = parse(args, options);
    if (shows_help(vm, options)) return 0;
    if (!vm.count("scenario")) throw po::error("missing DIR; usage: negsim plot DIR");
    return plot(vm["scenario"].as<std::string>()) ? 0 : 1;
}

}  // namespace negsim::cli
