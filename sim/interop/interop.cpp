// The formats negsim import and export speak (interop.hpp), each dispatched to its reader and writer (formats.hpp).
#include "interop/interop.hpp"

#include "interop/formats.hpp"
#include "input/input_error.hpp"
#include "input/json_reader.hpp"
#include "model/text.hpp"

namespace negsim::interop {

namespace {

[[noreturn]] void unknown_format(const std::string& format) {
    throw InputError("FORMAT", "", unknown_name("format", format, format_names()) + "; expected one of " + join_quoted(format_names()));
}

void one_file(const std::string& format, const std::vector<std::string>& files) {
    if (files.size() != 1) throw InputError(files.size() > 1 ? files[1] : std::string("FILE"), "", "the " + format + " format is one file; give exactly one");
}

}  // namespace

std::vector<std::string> format_names() { return {kFormats.begin(), kFormats.end()}; }

Imported import_files(const std::string& format, const std::vector<std::string>& files, const ImportOptions& options) {
    if (files.empty()) throw InputError("FILE", "", "no input file; give the files to import");
    Draft draft;
    if (format == "genius") draft = read_genius(files, options);
    else if (format == "geniusweb") draft = read_geniusweb(files, options);
    else {
        if (format != "ktab-csv" && format != "ktab-xml" && format != "eu-csv" && format != "decide") unknown_format(format);
        one_file(format, files);
        if (format == "ktab-csv") draft = read_ktab_csv(files[0]);
        else if (format == "ktab-xml") draft = read_ktab_xml(files[0]);
        else if (format == "eu-csv") draft = read_eu_csv(files[0]);
        else draft = read_decide(files[0]);
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
