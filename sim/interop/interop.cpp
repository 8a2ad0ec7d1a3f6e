// The formats negsim import and export speak (interop.hpp), each dispatched to its reader and writer (formats.hpp).
#include "interop/interop.hpp"

#include "interop/csv_table.hpp"
#include "interop/formats.hpp"
#include "input/input_error.hpp"
#include "input/json_reader.hpp"
#include "model/text.hpp"

#include <algorithm>

namespace negsim::interop {

std::vector<std::string> format_names() { return {kFormats.begin(), kFormats.end()}; }

namespace {

[[noreturn]] void unknown_format(const std::string& format) {
    throw InputError("FORMAT", "", unknown_name("format", format, format_names()) + "; expected one of " + join_quoted(format_names()));
}

void one_file(const std::string& format, const std::vector<std::string>& files) {
    if (files.size() != 1) throw InputError(files.size() > 1 ? files[1] : std::string("FILE"), "", "the " + format + " format is one file; give exactly one");
}

Draft read_draft(const std::string& format, const std::vector<std::string>& files, const ImportOptions& options) {
    if (format == "genius") return read_genius(files, options);
    if (format == "geniusweb") return read_geniusweb(files, options);
    one_file(format, files);
    if (format == "ktab-csv") return read_ktab_csv(files[0]);
    if (format == "ktab-xml") return read_ktab_xml(files[0]);
    if (format == "eu-csv") return read_eu_csv(files[0], options);
    return read_decide(files[0]);
}

}  // namespace

Imported import_files(const std::string& format, const std::vector<std::string>& files, const ImportOptions& options) {
    if (files.empty()) throw InputError("FILE", "", "no input file; give the files to import");
    const std::vector<std::string> names = format_names();
    if (std::find(names.begin(), names.end(), format) == names.end()) unknown_format(format);
    if (options.scale && format != "eu-csv") throw InputError("--scale", "", "applies to the eu-csv format only; the " + format + " format states its scale");
    Draft draft;
    try {
        draft = read_draft(format, files, options);
    } catch (const InputError& e) {
        // A file written for another tool fails early in this one's reader: say which format it looks like.
        for (const std::string& file : files)
            if (e.file().rfind(file, 0) == 0)
                if (const std::string other = looks_like(file); !other.empty() && other != format)
                    throw InputError(e.file(), e.where(), e.message() + "; the file looks like the " + other + " format: try negsim import " + other);
        throw;
    }
    return build_scenario(std::move(draft), files[0], options);
}

Exported export_scenario(const std::string& format, const Scenario& scenario, const std::string& file) {
    if (format == "genius") return write_genius(scenario, file);
    if (format == "geniusweb") return write_geniusweb(scenario, file);
    if (format == "ktab-csv" || format == "ktab-xml" || format == "eu-csv" || format == "decide") return write_spatial(format, scenario, file);
    unknown_format(format);
}

}  // namespace negsim::interop
