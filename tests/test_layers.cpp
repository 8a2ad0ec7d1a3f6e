// The tree's architecture: every include points to the same layer or one below it, within sim/ and between the
// top-level folders (sim/, then analysis/, then cli/), and each layer's target links exactly the layers and
// libraries it includes (sim/CMakeLists.txt, CMakeLists.txt).
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// A layer: its name, its folder from the top of the tree, and the prefix its headers are included by.
struct Layer {
    std::string_view name;
    std::string_view folder;
    std::string_view prefix;
};

// Bottom to top, as the CMakeLists.txt files add them; a layer may include its own headers and those of layers
// before it. The simulator's layers are included from sim/, analysis/ and cli/ from the top of the tree.
constexpr std::array<Layer, 12> kLayers = {{
    {"model", "sim/model", "model/"},
    {"random", "sim/random", "random/"},
    {"input", "sim/input", "input/"},
    {"interop", "sim/interop", "interop/"},
    {"optimise", "sim/optimise", "optimise/"},
    {"cooperative", "sim/cooperative", "cooperative/"},
    {"engine", "sim/engine", "engine/"},
    {"runner", "sim/runner", "runner/"},
    {"cluster", "sim/cluster", "cluster/"},
    {"analysis", "analysis", "analysis/"},
    {"sweep", "analysis/sweep", "analysis/sweep/"},
    {"cli", "cli", "cli/"},
}};

// The rank of the layer whose prefix is the longest to start `include` ("analysis/sweep/x.hpp" is sweep's); -1 if none.
int rank_of_include(const std::string& include) {
    int best = -1;
    for (std::size_t r = 0; r < kLayers.size(); ++r)
        if (include.starts_with(kLayers[r].prefix) && (best < 0 || kLayers[r].prefix.size() > kLayers[static_cast<std::size_t>(best)].prefix.size()))
            best = static_cast<int>(r);
    return best;
}

// The rank of the layer whose folder holds `folder` (relative to the top of the tree); -1 if none.
int rank_of_folder(const std::string& folder) {
    for (std::size_t r = 0; r < kLayers.size(); ++r)
        if (folder == kLayers[r].folder) return static_cast<int>(r);
    return -1;
}

// Where an include of a layer's header is found: the layer's folder and the rest of the path.
fs::path file_of_include(const std::string& include, int rank) {
    const Layer& layer = kLayers[static_cast<std::size_t>(rank)];
    return fs::path(negsim::test::source_path(std::string(layer.folder))) / include.substr(layer.prefix.size());
}

// The external libraries a layer may include, by header: a name ending in '/' is a folder (any header under it), any
// other name one header. An empty target is the C library (POSIX), which needs no link. An angle include with a '.'
// or '/' that is not here is an error, so a new library cannot slip past the check; the bare standard headers are not
// libraries, except the thread-support ones (before glibc 2.34 the threads were not in libc).
struct Library {
    std::string_view header;
    std::string_view target;
};
constexpr std::array<Library, 20> kLibraries = {{
    {"nlohmann/", "nlohmann_json::nlohmann_json"},
    {"Eigen/", "Eigen3::Eigen"},
    {"Random123/", "random123"},
    {"boost/program_options.hpp", "Boost::program_options"},
    {"boost/program_options/", "Boost::program_options"},
    {"pugixml.hpp", "pugixml::pugixml"},
    {"mpi.h", "MPI::MPI_CXX"},
    {"thread", "Threads::Threads"},
    {"mutex", "Threads::Threads"},
    {"shared_mutex", "Threads::Threads"},
    {"condition_variable", "Threads::Threads"},
    {"future", "Threads::Threads"},
    {"stop_token", "Threads::Threads"},
    {"semaphore", "Threads::Threads"},
    {"latch", "Threads::Threads"},
    {"barrier", "Threads::Threads"},
    {"unistd.h", ""},
    {"fcntl.h", ""},
    {"spawn.h", ""},
    {"sys/", ""},
}};

// The link target for an angle include: the library's target, "" for none, nullopt for a header the table lacks.
std::optional<std::string> library_of(const std::string& header) {
    for (const Library& library : kLibraries) {
        const bool folder = library.header.ends_with('/');
        if (folder ? header.starts_with(library.header) : header == library.header) return std::string(library.target);
    }
    if (header.find_first_of("./") == std::string::npos) return std::string();  // a standard C++ header
    return std::nullopt;
}

std::string target_of(std::string_view layer) { return layer == "cli" ? "negsim" : "negsim_" + std::string(layer); }

// One command of a CMakeLists.txt: its name (lower case) and its arguments, quotes removed.
struct Command {
    std::string name;
    std::vector<std::string> args;
};

std::vector<Command> cmake_commands(const std::string& text) {
    std::string code;  // the text without comments
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"') quoted = !quoted;
        if (text[i] == '#' && !quoted) {
            while (i < text.size() && text[i] != '\n') ++i;
            if (i == text.size()) break;
        }
        code += text[i];
    }
    std::vector<Command> commands;
    const std::regex head(R"re(([A-Za-z_][A-Za-z0-9_]*)\s*\()re");
    for (std::size_t pos = 0; pos < code.size();) {
        std::smatch match;
        const std::string rest = code.substr(pos);
        if (!std::regex_search(rest, match, head)) break;
        std::size_t i = pos + static_cast<std::size_t>(match.position(0) + match.length(0));
        Command command{match[1].str(), {}};
        std::transform(command.name.begin(), command.name.end(), command.name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string arg;
        bool in_arg = false;
        int depth = 1;
        quoted = false;
        for (; i < code.size(); ++i) {
            const char c = code[i];
            if (c == '"') {
                quoted = !quoted;
                in_arg = true;
                continue;
            }
            if (!quoted && c == '(') ++depth;
            if (!quoted && c == ')' && --depth == 0) break;
            if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
                if (in_arg) command.args.push_back(arg);
                arg.clear();
                in_arg = false;
                continue;
            }
            arg += c;
            in_arg = true;
        }
        if (in_arg) command.args.push_back(arg);
        commands.push_back(std::move(command));
        pos = i + 1;
    }
    return commands;
}

// What a layer's CMakeLists.txt makes of its target with NEGSIM_MPI on or off.
struct Target {
    bool defined = false;
    bool executable = false;
    std::set<std::string> sources;
    std::map<std::string, std::string> links;  // library -> PUBLIC, PRIVATE or INTERFACE
    std::vector<std::string> problems;
};

Target read_target(const std::vector<Command>& commands, const std::string& name, bool mpi) {
    Target target;
    std::vector<bool> branches;  // one per open if(): whether its active branch is taken
    const auto active = [&] { return std::all_of(branches.begin(), branches.end(), [](bool b) { return b; }); };
    for (const Command& command : commands) {
        if (command.name == "if") {
            // Only the MPI switch: another condition would need its own evaluation here.
            if (command.args == std::vector<std::string>{"NEGSIM_MPI"}) branches.push_back(mpi);
            else if (command.args == std::vector<std::string>{"NOT", "NEGSIM_MPI"}) branches.push_back(!mpi);
            else {
                std::string condition;
                for (const auto& a : command.args) condition += (condition.empty() ? "" : " ") + a;
                target.problems.push_back("if(" + condition + ") is not a condition this test can evaluate");
                branches.push_back(true);
            }
        } else if (command.name == "elseif") {
            target.problems.push_back("elseif() is not supported by this test");
        } else if (command.name == "else") {
            if (!branches.empty()) branches.back() = !branches.back();
        } else if (command.name == "endif") {
            if (!branches.empty()) branches.pop_back();
        } else if (!active() || command.args.empty() || command.args[0] != name) {
            continue;
        } else if (command.name == "add_library" || command.name == "add_executable") {
            if (target.defined) target.problems.push_back("its target is defined twice");
            target.defined = true;
            target.executable = command.name == "add_executable";
            for (std::size_t k = 1; k < command.args.size(); ++k) {
                const std::string& a = command.args[k];
                if (a != "STATIC" && a != "SHARED" && a != "OBJECT" && a != "EXCLUDE_FROM_ALL") target.sources.insert(a);
            }
        } else if (command.name == "target_link_libraries") {
            std::string scope;
            for (std::size_t k = 1; k < command.args.size(); ++k) {
                const std::string& a = command.args[k];
                if (a == "PUBLIC" || a == "PRIVATE" || a == "INTERFACE") {
                    scope = a;
                } else if (scope.empty()) {
                    target.problems.push_back("target_link_libraries lists " + a + " without PUBLIC or PRIVATE");
                } else if (!target.links.emplace(a, scope).second) {
                    target.problems.push_back(a + " is linked twice");
                }
            }
        }
    }
    return target;
}

// Where each link is needed: the first header and the first .cpp file that include it.
struct Use {
    std::string header;
    std::string source;
};

void add_includes(const fs::path& file, const std::string& layer, bool header, std::map<std::string, Use>& uses, std::vector<std::string>& problems) {
    const std::regex include_line(R"re(^\s*#\s*include\s*([<"])([^>"]*)[>"])re");
    std::ifstream in(file);
    std::string line;
    const std::string name = file.filename().string();
    while (std::getline(in, line)) {
        std::smatch match;
        if (!std::regex_search(line, match, include_line)) continue;
        const std::string included = match[2].str();
        std::string link;
        if (match[1].str() == "\"") {
            const int to = rank_of_include(included);
            if (to < 0) {
                problems.push_back(name + " includes \"" + included + "\", which is in no layer");
                continue;
            }
            if (kLayers[static_cast<std::size_t>(to)].name == layer) continue;
            link = target_of(kLayers[static_cast<std::size_t>(to)].name);
        } else {
            const auto library = library_of(included);
            if (!library) {
                problems.push_back(name + " includes <" + included + ">, which is not in this test's table of libraries (kLibraries)");
                continue;
            }
            if (library->empty()) continue;
            link = *library;
        }
        std::string& where = header ? uses[link].header : uses[link].source;
        if (where.empty()) where = name;
    }
}

// The problems of one layer with NEGSIM_MPI on or off, each a sentence without the layer's name.
std::vector<std::string> link_problems(const Layer& layer, bool mpi, std::set<std::string>& built) {
    const fs::path folder = negsim::test::source_path(std::string(layer.folder));
    std::ifstream in(folder / "CMakeLists.txt");
    std::stringstream text;
    text << in.rdbuf();
    Target target = read_target(cmake_commands(text.str()), target_of(layer.name), mpi);
    std::vector<std::string> problems = std::move(target.problems);
    if (!target.defined) {
        problems.push_back("CMakeLists.txt defines no target " + target_of(layer.name));
        return problems;
    }

    std::map<std::string, Use> uses;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().extension() == ".hpp") add_includes(entry.path(), std::string(layer.name), true, uses, problems);
    built.insert(target.sources.begin(), target.sources.end());
    for (const std::string& source : target.sources) {
        if (!fs::exists(folder / source)) problems.push_back("the source " + source + " does not exist");
        else if (fs::path(source).extension() == ".cpp") add_includes(folder / source, std::string(layer.name), false, uses, problems);
    }

    const auto warnings = target.links.find("negsim_warnings");
    if (warnings == target.links.end() || warnings->second != "PRIVATE") problems.push_back("negsim_warnings must be linked PRIVATE");
    target.links.erase("negsim_warnings");

    for (const auto& [link, use] : uses) {
        const auto declared = target.links.find(link);
        // An executable has no users: everything it links is PRIVATE, whichever of its files includes it.
        const bool needs_public = !use.header.empty() && !target.executable;
        const std::string wanted = needs_public ? "PUBLIC" : "PRIVATE";
        const std::string because = needs_public ? "the header " + use.header + " includes it" : use.header.empty() ? "only .cpp files include it (" + use.source + ")" : "it is an executable (" + use.header + " includes it)";
        if (declared == target.links.end()) problems.push_back("missing link " + link + " (" + wanted + "): " + because);
        else if (declared->second != wanted) problems.push_back(link + " is " + declared->second + " but must be " + wanted + ": " + because);
    }
    for (const auto& [link, scope] : target.links)
        if (!uses.contains(link)) problems.push_back("extra link " + link + " (" + scope + "): no file of the layer includes it");
    return problems;
}

}  // namespace

TEST_CASE("Includes point only down the layers, within sim/ and between sim/, analysis/ and cli/", "[layers]") {
    const std::regex include_line(R"re(^\s*#\s*include\s*"([^"]*)")re");
    int files = 0;
    for (const std::string top : {"sim", "analysis", "cli"}) {
        const fs::path root = fs::path(negsim::test::source_path(""));
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) continue;
            INFO(entry.path().string());
            const int own = rank_of_folder(fs::relative(entry.path().parent_path(), root).generic_string());
            REQUIRE(own >= 0);  // every source file sits in a layer folder
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            for (int number = 1; std::getline(in, line); ++number) {
                std::smatch match;
                if (!std::regex_search(line, match, include_line)) continue;
                const std::string target = match[1].str();
                INFO("line " << number << ": " << target);
                const int to = rank_of_include(target);  // path-qualified: "layer/file.hpp"
                REQUIRE(to >= 0);
                CHECK(to <= own);
                CHECK(fs::exists(file_of_include(target, to)));
            }
        }
    }
    CHECK(files > 40);
}

TEST_CASE("Each layer links exactly the layers and libraries it includes", "[layers]") {
    // problem -> the NEGSIM_MPI settings it shows in, so that a problem of both is reported once.
    std::map<std::string, std::set<std::string>> problems;
    for (const Layer& layer : kLayers) {
        const std::string name(layer.name);
        std::set<std::string> built;  // the files either setting compiles: a .cpp file neither compiles has unchecked includes
        for (const bool mpi : {false, true})
            for (const std::string& problem : link_problems(layer, mpi, built)) problems["layer " + name + ": " + problem].insert(mpi ? "ON" : "OFF");
        for (const auto& entry : fs::directory_iterator(negsim::test::source_path(std::string(layer.folder))))
            if (entry.path().extension() == ".cpp" && !built.contains(entry.path().filename().string()))
                problems["layer " + name + ": " + entry.path().filename().string() + " is in no target"].insert("both");
    }
    for (const auto& [problem, settings] : problems) FAIL_CHECK(problem << (settings.size() == 1 && *settings.begin() != "both" ? " (with NEGSIM_MPI=" + *settings.begin() + ")" : std::string()));
    CHECK(problems.empty());
}
