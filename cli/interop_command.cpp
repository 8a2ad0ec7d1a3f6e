// negsim import and negsim export (docs/interop.md): the conversion is interop's; here the files are written, each
// under a temporary name renamed when complete, only after the whole conversion succeeded, and the notes printed.
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/output_files.hpp"
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "interop/interop.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"

#include <filesystem>
#include <iostream>

namespace negsim::cli {

namespace {

namespace fs = std::filesystem;

void print_notes(const std::vector<std::string>& notes) {
    for (const std::string& note : notes) std::cout << "  " << note << '\n';
}

// The options import and export share, --help and --out (whose text is the command's own).
po::options_description interop_options(const char* caption, const char* out) {
    po::options_description options(caption);
    options.add_options()("help", "this text")("out", po::value<std::string>(), out);
    return options;
}

// FORMAT and the files after it, which both commands require along with --out; `usage` is the message without them.
std::pair<std::string, std::vector<std::string>> format_and_files(const po::variables_map& vm, const char* usage) {
    std::vector<std::string> words;
    if (vm.count("scenario")) words = vm["scenario"].as<std::vector<std::string>>();
    if (words.size() < 2) throw po::error(usage);
    if (!vm.count("out")) throw po::error("missing --out");
    return {words[0], std::vector<std::string>(words.begin() + 1, words.end())};
}

// --scale LO:HI, two decimal numbers with LO < HI.
std::pair<double, double> scale_argument(const std::string& text) {
    const std::size_t colon = text.find(':');
    double lo = 0.0, hi = 0.0;
    if (colon == std::string::npos || !parse_number(trimmed(text.substr(0, colon)), lo) || !parse_number(trimmed(text.substr(colon + 1)), hi) || !(lo < hi))
        throw po::error("--scale " + quote_text(text) + " is not valid; expected LO:HI, two numbers with LO below HI, such as 0:100");
    return {lo, hi};
}

}  // namespace

void import_scenario(const std::string& format, const std::vector<std::string>& files, const std::string& out, const interop::ImportOptions& options) {
    const interop::Imported imported = interop::import_files(format, files, options);
    const fs::path target(out);
    if (fs::is_directory(target)) throw InputError(out, "", "is a folder; --out names the scenario file to write");
    if (!target.parent_path().empty() && !fs::is_directory(target.parent_path()))
        throw InputError(out, "", "its folder " + target.parent_path().string() + " does not exist");
    OutputFiles written(target.has_parent_path() ? target.parent_path() : fs::path("."));
    written.open(target.filename().string()) << imported.scenario_json;
    written.commit();
    std::cout << "imported " << files.size() << (files.size() == 1 ? " file" : " files") << " (" << format << ") into " << out << '\n';
    print_notes(imported.notes);
}

void export_scenario(const std::string& format, const ScenarioInput& input, const std::string& out) {
    const EffectiveScenario effective = load(input);
    require_one_table(input, effective.scenario, "export");
    const interop::Exported exported = interop::export_scenario(format, effective.scenario, input.path);
    const fs::path folder(out);
    if (fs::exists(folder) && !fs::is_directory(folder)) throw InputError(out, "", "is a file; --out names the folder to write into");
    fs::create_directories(folder);
    OutputFiles written(folder);
    for (const auto& [name, text] : exported.files) written.open(name) << text;
    written.commit();
    std::cout << "exported " << input.path << " (" << format << ") into " << out << ":";
    for (const auto& [name, text] : exported.files) std::cout << ' ' << name;
    std::cout << '\n';
    print_notes(exported.notes);
}

int import_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options = interop_options(
        "negsim import FORMAT FILE... --out SCENARIO.json [--rounds N] [--name NAME] [--protocol P] [--scale LO:HI]\n\nBuild a negsim scenario "
        "from another tool's files (docs/interop.md) and print the defaults it used for what the format lacks. "
        "FORMAT: genius (a domain and one profile per party), geniusweb (profiles, optionally their domain), "
        "ktab-csv, ktab-xml, eu-csv (Actor, Capability, Position, Salience) or decide (#A #P #M #D rows).\n\nOptions",
        "the scenario file to write (required)");
    options.add_options()
        ("rounds", po::value<std::string>()->default_value(std::to_string(interop::kDefaultRounds)), "rounds of the protocol, and the deadline over which a GENIUS discount becomes a per-round factor, 1 to 100000")
        ("name", po::value<std::string>(), "the scenario's name (default: from the file)")
        ("protocol", po::value<std::string>()->default_value("alternating"), "alternating (negsim's) or stacked (stacked alternating offers with GENIUS's rules)")
        ("scale", po::value<std::string>(), "eu-csv only: the positions' scale LO:HI (default: the range of the actors' positions)");
    const auto vm = parse(args, options, true);
    if (shows_help(vm, options)) return 0;
    const auto [format, files] = format_and_files(vm, "usage: negsim import FORMAT FILE... --out SCENARIO.json");
    interop::ImportOptions o;
    o.rounds = static_cast<int>(count(vm, "rounds", 1, 100000));
    if (vm.count("name")) {
        o.name = vm["name"].as<std::string>();
        // The name goes into the scenario's JSON, which holds UTF-8 only.
        if (const std::string problem = utf8_problem(*o.name); !problem.empty()) throw po::error("--name " + problem);
    }
    const std::string protocol = vm["protocol"].as<std::string>();
    if (protocol != "alternating" && protocol != "stacked")
        throw po::error("--protocol " + quote_text(protocol) + " is not valid; expected alternating or stacked");
    o.stacked = protocol == "stacked";
    if (vm.count("scale")) o.scale = scale_argument(vm["scale"].as<std::string>());
    import_scenario(format, files, path_argument(vm, "out"), o);
    return 0;
}

int export_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options = interop_options(
        "negsim export FORMAT SCENARIO --out DIR\n\nWrite SCENARIO in FORMAT (genius, geniusweb, ktab-csv, ktab-xml, "
        "eu-csv, decide) into DIR, and print what the format cannot hold and was dropped (docs/interop.md).\n\nOptions",
        "the folder to write into (required)");
    add_scenario_options(options);
    const auto vm = parse(args, options, true);
    if (shows_help(vm, options)) return 0;
    const auto [format, files] = format_and_files(vm, "usage: negsim export FORMAT SCENARIO --out DIR");
    if (files.size() != 1) throw po::error("export reads one scenario; usage: negsim export FORMAT SCENARIO --out DIR");
    export_scenario(format, {files[0], overrides_argument(vm), vm["nominal"].as<bool>()}, path_argument(vm, "out"));
    return 0;
}

}  // namespace negsim::cli
