// The paired comparison of two run folders (compare.hpp).
#include "analysis/compare.hpp"

#include "analysis/output_files.hpp"
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "model/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace negsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;

// One line of samples.csv as csv_field wrote it: fields split at commas, a quoted field unquoted ("" inside it is ").
std::vector<std::string> csv_line(const std::string& line, const std::string& where) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') fields.back() += c;
            else if (i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
            else quoted = false;
        } else if (c == '"') quoted = true;
        else if (c == ',') fields.emplace_back();
        else fields.back() += c;
    }
    if (quoted) throw InputError(where, "", "a quoted field is not closed before the end of the line");
    return fields;
}

void read_summary(RunSamples& run, const std::filesystem::path& folder) {
    const std::string file = (folder / "summary.json").string();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(file, "", std::string("not JSON: ") + e.what());
    }
    for (const char* key : {"seed", "samples"})
        if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned())
            throw InputError(file, std::string("/") + key, "missing or not a whole number; expected the summary.json of a negsim run");
    run.seed = j["seed"].get<std::uint64_t>();
    run.samples = j["samples"].get<std::uint64_t>();
}

void read_samples_csv(RunSamples& run, const std::filesystem::path& folder) {
    const std::string file = (folder / "samples.csv").string();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file, "", "cannot be read; compare needs the samples.csv of each run (negsim run --write-samples yes)");
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = csv_line(line, file + ":1");
    std::vector<std::size_t> column(run.issues.size());
    for (std::size_t k = 0; k < run.issues.size(); ++k) {
        const auto it = std::find(header.begin(), header.end(), run.issues[k]);
        if (it == header.end()) throw InputError(file + ":1", "", "no column for issue " + quote_text(run.issues[k]) + " of scenario.json");
        column[k] = static_cast<std::size_t>(it - header.begin());
    }
    if (header.size() < 2 || header[0] != "sample" || header[1] != "agreed")
        throw InputError(file + ":1", "", "expected the header of a negsim samples.csv, starting sample,agreed");
    run.values.assign(run.issues.size(), {});
    for (std::uint64_t row = 0; std::getline(in, line); ++row) {
        const std::string where = file + ":" + std::to_string(row + 2);
        const std::vector<std::string> fields = csv_line(line, where);
        if (fields.size() != header.size())
            throw InputError(where, "", std::to_string(fields.size()) + " fields; expected " + std::to_string(header.size()) + " as in the header");
        if (fields[0] != std::to_string(row)) throw InputError(where, "", "sample " + quote_text(fields[0]) + "; expected " + std::to_string(row) + " (rows in sample order)");
        if (fields[1] != "0" && fields[1] != "1") throw InputError(where, "", "agreed " + quote_text(fields[1]) + "; expected 0 or 1");
        run.agreed.push_back(fields[1] == "1" ? 1 : 0);
        for (std::size_t k = 0; k < column.size(); ++k) run.values[k].push_back(fields[column[k]]);
    }
    if (run.agreed.size() != run.samples)
        throw InputError(file, "", std::to_string(run.agreed.size()) + " rows; expected " + std::to_string(run.samples) + ", the samples of summary.json");
}

// The value of a paired sample on the issue's scale: the number, or a discrete option's place in its order.
double scale_value(const RunSamples& run, std::size_t k, std::size_t sample) {
    const std::string& text = run.values[k][sample];
    const std::vector<std::string>& options = run.options[k];
    if (!options.empty()) {
        const auto it = std::find(options.begin(), options.end(), text);
        if (it == options.end())
            throw InputError(run.folder + "/samples.csv:" + std::to_string(sample + 2), run.issues[k], quote_text(text) + " is not an option of the issue");
        return static_cast<double>(it - options.begin());
    }
    double v = 0.0;
    if (!parse_number(text, v))
        throw InputError(run.folder + "/samples.csv:" + std::to_string(sample + 2), run.issues[k], quote_text(text) + " is not a number");
    return v;
}

IssueShift issue_shift(const RunSamples& a, const RunSamples& b, std::size_t k) {
    IssueShift s;
    s.issue = a.issues[k];
    s.discrete = !a.options[k].empty();
    double sum = 0.0, squares = 0.0;
    std::vector<double> shifts;
    for (std::size_t j = 0; j < a.agreed.size(); ++j) {
        if (!a.agreed[j] || !b.agreed[j]) continue;
        const double d = scale_value(b, k, j) - scale_value(a, k, j);
        shifts.push_back(d);
        sum += d;
        s.changed += a.values[k][j] != b.values[k][j] ? 1 : 0;
    }
    s.paired = shifts.size();
    const double m = static_cast<double>(s.paired);
    s.mean_shift = s.paired ? sum / m : kNaN;
    for (const double d : shifts) squares += (d - s.mean_shift) * (d - s.mean_shift);
    if (s.paired >= 2) {
        const double half = kZ95 * std::sqrt(squares / (m - 1.0) / m);
        s.interval = {s.mean_shift - half, s.mean_shift + half};
    } else {
        s.interval = {kNaN, kNaN};
    }
    return s;
}

std::string number_or_empty(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }
nlohmann::ordered_json number_or_null(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); }

}  // namespace

RunSamples read_run_samples(const std::filesystem::path& folder) {
    RunSamples run;
    run.folder = folder.string();
    if (!std::filesystem::is_directory(folder)) throw InputError(run.folder, "", "not a folder; expected a run folder of negsim run");
    read_summary(run, folder);
    const Scenario s = load_scenario((folder / "scenario.json").string());
    for (const Issue& issue : s.issues) {
        run.issues.push_back(issue.id);
        run.options.push_back(issue.discrete ? issue.options : std::vector<std::string>{});
    }
    read_samples_csv(run, folder);
    return run;
}

Comparison compare_runs(const RunSamples& a, const RunSamples& b) {
    const std::string advice = "; compare runs of the same seed and samples (--seed, --samples)";
    if (b.seed != a.seed)
        throw InputError(b.folder + "/summary.json", "/seed", "seed " + std::to_string(b.seed) + " differs from " + std::to_string(a.seed) + " in " + a.folder + advice);
    if (b.samples != a.samples)
        throw InputError(b.folder + "/summary.json", "/samples", std::to_string(b.samples) + " samples differ from " + std::to_string(a.samples) + " in " + a.folder + advice);
    if (b.issues != a.issues || b.options != a.options)
        throw InputError(b.folder + "/scenario.json", "/issues", "the issues or their options differ from those in " + a.folder + "; compare runs of one scenario's issues");
    Comparison c;
    c.first = a.folder;
    c.second = b.folder;
    c.seed = a.seed;
    c.samples = a.samples;
    c.counts = paired_counts(b.agreed, a.agreed);
    c.change = paired_difference(c.counts);
    const double n = a.samples ? static_cast<double>(a.samples) : 1.0;
    c.agreement_first = static_cast<double>(c.counts.both + c.counts.second_only) / n;
    c.agreement_second = static_cast<double>(c.counts.both + c.counts.first_only) / n;
    for (std::size_t k = 0; k < a.issues.size(); ++k) c.issues.push_back(issue_shift(a, b, k));
    return c;
}

void write_comparison(const Comparison& c, const std::filesystem::path& out) {
    OutputFiles files(out);
    std::ofstream& csv = files.open("differences.csv");
    csv << "quantity,first,second,difference,ci95_lo,ci95_hi,paired_samples,samples_changed,samples_gained,samples_lost\n";
    csv << "agreement_probability," << format_number(c.agreement_first) << ',' << format_number(c.agreement_second) << ','
        << format_number(c.change.difference) << ',' << format_number(c.change.interval.lo) << ',' << format_number(c.change.interval.hi) << ','
        << c.samples << ',' << (c.counts.first_only + c.counts.second_only) << ',' << c.counts.first_only << ',' << c.counts.second_only << '\n';
    nlohmann::ordered_json issues = nlohmann::ordered_json::object();
    for (const IssueShift& s : c.issues) {
        csv << csv_field(s.issue + "_shift") << ",,," << number_or_empty(s.mean_shift) << ',' << number_or_empty(s.interval.lo) << ','
            << number_or_empty(s.interval.hi) << ',' << s.paired << ',' << s.changed << ",,\n";
        issues[s.issue] = {{"scale", s.discrete ? "option steps" : "issue unit"}, {"paired_deals", s.paired}, {"changed", s.changed},
                           {"mean_shift", number_or_null(s.mean_shift)}, {"ci95", {number_or_null(s.interval.lo), number_or_null(s.interval.hi)}}};
    }
    nlohmann::ordered_json j;
    j["first"] = c.first;
    j["second"] = c.second;
    j["seed"] = c.seed;
    j["samples"] = c.samples;
    j["agreement"] = {{"first", c.agreement_first}, {"second", c.agreement_second}, {"difference", c.change.difference},
                      {"ci95", {c.change.interval.lo, c.change.interval.hi}}, {"both", c.counts.both}, {"gained", c.counts.first_only},
                      {"lost", c.counts.second_only}, {"neither", c.counts.neither}};
    j["issues"] = issues;
    files.open("comparison.json") << j.dump(2) << '\n';
    files.commit();
}

std::string comparison_text(const Comparison& c) {
    std::ostringstream out;
    char line[256];
    out << "Paired comparison of " << printable_text(c.second) << " against " << printable_text(c.first) << " (seed " << c.seed << ", "
        << c.samples << " samples, sample k against sample k)\n";
    std::snprintf(line, sizeof line, "Agreement: %.1f%% -> %.1f%%, change %+.1f points [%+.1f to %+.1f] (Newcombe's paired 95%% interval)\n",
                  100.0 * c.agreement_first, 100.0 * c.agreement_second, 100.0 * c.change.difference, 100.0 * c.change.interval.lo,
                  100.0 * c.change.interval.hi);
    out << line << "Deals gained: " << c.counts.first_only << ", lost: " << c.counts.second_only << ", in both: " << c.counts.both
        << ", in neither: " << c.counts.neither << '\n';
    out << "Shift of the agreed values over the samples with a deal in both (second minus first; mean, normal 95% interval):\n";
    for (const IssueShift& s : c.issues) {
        out << "  " << printable_text(s.issue) << ": ";
        if (!s.paired) {
            out << "no sample has a deal in both\n";
            continue;
        }
        // Four significant digits, as the run's summary prints values; the files keep every digit.
        std::snprintf(line, sizeof line, "%+.4g%s", s.mean_shift, s.discrete ? " option steps" : "");
        out << line;
        if (std::isfinite(s.interval.lo)) {
            std::snprintf(line, sizeof line, " [%+.4g to %+.4g]", s.interval.lo, s.interval.hi);
            out << line;
        }
        out << ", changed in " << s.changed << " of " << s.paired << " paired deals\n";
    }
    return out.str();
}

}  // namespace negsim
