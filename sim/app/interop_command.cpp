// negsim import and negsim export (docs/interop.md): the conversion is interop's; here the files are written, each
// under a temporary name renamed when complete, only after the whole conversion succeeded, and the notes printed.
#include "app/commands.hpp"

#include "analysis/output_files.hpp"
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "interop/interop.hpp"
#include "model/text.hpp"

#include <filesystem>
#include <iostream>

namespace negsim::cli {

namespace {

namespace fs = std::filesystem;

void print_notes(const std::vector<std::string>& notes) {
    for (const std::string& note : notes) std::cout << "  " << note << '\n';
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

}  // namespace negsim::cli
