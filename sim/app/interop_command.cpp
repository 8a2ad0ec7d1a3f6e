// negsim import and negsim export (docs/interop.md): the conversion is interop's; here the files are written, each
// under a temporary name renamed when complete, only after the whole conversion succeeded, and the notes printed.
#include "app/commands.hpp"

#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "interop/interop.hpp"
#include "model/text.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace negsim::cli {

namespace {

namespace fs = std::filesystem;

// Writes every file to a temporary name in its folder first; renames them all once all are written.
void write_all(const std::vector<std::pair<fs::path, std::string>>& files) {
    std::vector<fs::path> temporaries;
    const auto discard = [&] {
        std::error_code ignored;
        for (const fs::path& t : temporaries) fs::remove(t, ignored);
    };
    for (const auto& [path, text] : files) {
        std::string name(".");  // appended: GCC 12 misreads "." + string at -O3 (-Wrestrict)
        name.append(path.filename().string()).append(".tmp-").append(std::to_string(::getpid()));
        const fs::path temporary = path.parent_path() / name;
        temporaries.push_back(temporary);
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            discard();
            throw std::runtime_error("cannot write " + temporary.string());
        }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::error_code error;
        fs::rename(temporaries[i], files[i].first, error);
        if (error) {
            discard();
            throw std::runtime_error("cannot move " + temporaries[i].string() + " to " + files[i].first.string() + ": " + error.message());
        }
    }
}

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
    write_all({{target, imported.scenario_json}});
    std::cout << "imported " << files.size() << (files.size() == 1 ? " file" : " files") << " (" << format << ") into " << out << '\n';
    print_notes(imported.notes);
}

void export_scenario(const std::string& format, const ScenarioInput& input, const std::string& out) {
    const EffectiveScenario effective = load(input);
    const interop::Exported exported = interop::export_scenario(format, effective.scenario, input.path);
    const fs::path folder(out);
    if (fs::exists(folder) && !fs::is_directory(folder)) throw InputError(out, "", "is a file; --out names the folder to write into");
    fs::create_directories(folder);
    std::vector<std::pair<fs::path, std::string>> files;
    for (const auto& [name, text] : exported.files) files.emplace_back(folder / name, text);
    write_all(files);
    std::cout << "exported " << input.path << " (" << format << ") into " << out << ":";
    for (const auto& [name, text] : exported.files) std::cout << ' ' << name;
    std::cout << '\n';
    print_notes(exported.notes);
}

}  // namespace negsim::cli
