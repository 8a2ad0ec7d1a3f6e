// Sweep points and the sweep's final files (sweep.hpp).
#include "analysis/sweep/sweep.hpp"

#include "analysis/output_files.hpp"
#include "analysis/report.hpp"
#include "analysis/sha256.hpp"
#include "analysis/paired_difference.hpp"
#include "analysis/process_report.hpp"
#include "analysis/sobol.hpp"
#include "analysis/tally.hpp"
#include "input/input_error.hpp"
#include "model/text.hpp"
#include "runner/monte_carlo.hpp"
#include "runner/stages.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace negsim {

namespace {

constexpr const char* kDesignNames[] = {"grid", "lhs", "sobol"};

// The agreement bits of a record as 0/1 values, one per sample.
std::vector<std::uint8_t> agreement_bits(const std::string& hex, std::uint64_t samples) {
    std::vector<std::uint8_t> bits(static_cast<std::size_t>(samples), 0);
    for (std::size_t i = 0; i < bits.size(); ++i) {
        const char c = hex[2 * (i / 8) + (i % 8 < 4 ? 1 : 0)];  // byte i / 8, low nibble second
        const int nibble = c <= '9' ? c - '0' : c - 'a' + 10;
        bits[i] = static_cast<std::uint8_t>((nibble >> (i % 4)) & 1);
    }
    return bits;
}

std::string to_hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * bytes.size());
    for (const std::uint8_t b : bytes) {
        hex += kDigits[b >> 4];
        hex += kDigits[b & 15];
    }
    return hex;
}

// A CSV number, empty when it is not defined (NaN: the output did not vary, or too few rows).
std::string number_or_empty(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }

// The design's points. A design that is invalid or too large here came from the command line (a sweep file's design
// was checked at its JSON pointers already, a journal's when it was read).
std::vector<DesignPoint> checked_points(const Design& design) {
    if (std::string e = design_error(design); !e.empty()) throw InputError(design.kind == DesignKind::grid ? "--vary" : "--points", "", e);
    return design_points(design);
}

// How many values factor f takes in a grid.
std::size_t levels_of(const Factor& f) { return f.values.empty() ? f.levels : f.values.size(); }

}  // namespace

std::string column_name(const std::string& override_name) {
    std::string name = override_name;
    std::replace(name.begin(), name.end(), '/', '_');
    return name;
}

nlohmann::ordered_json definition_json(const SweepDefinition& d) {
    nlohmann::ordered_json factors = nlohmann::ordered_json::array();
    for (const Factor& f : d.design.factors) {
        nlohmann::ordered_json j = {{"name", f.name}};
        if (f.values.empty()) {
            j["min"] = f.lo;
            j["max"] = f.hi;
            if (d.design.kind == DesignKind::grid) j["levels"] = f.levels;
        } else {
            j["values"] = f.values;
        }
        if (f.integer) j["integer"] = true;
        factors.push_back(j);
    }
    nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
    for (const Override& o : d.overrides) overrides.push_back({{"name", o.name}, {"value", o.value}});
    nlohmann::ordered_json j;
    j["negsim_version"] = NEGSIM_VERSION;
    j["scenario"] = {{"file", d.scenario_file}, {"sha256", sha256_hex(d.scenario_text)}};
    j["design"] = kDesignNames[static_cast<int>(d.design.kind)];
    if (d.design.kind != DesignKind::grid) j["design_points"] = d.design.points;
    j["factors"] = factors;
    j["overrides"] = overrides;
    j["nominal"] = d.nominal;
    j["samples_per_point"] = d.samples;
    j["seed"] = d.design.seed;
    if (d.design.kind == DesignKind::sobol) j["bootstrap"] = d.bootstrap;
    return j;
}

SweepDefinition definition_from_json(const nlohmann::ordered_json& j) {
    try {
        SweepDefinition d;
        d.scenario_file = j.at("scenario").at("file").get<std::string>();
        const std::string design = j.at("design").get<std::string>();
        const auto* kind = std::find(std::begin(kDesignNames), std::end(kDesignNames), design);
        if (kind == std::end(kDesignNames)) throw std::runtime_error("unknown design " + design);
        d.design.kind = static_cast<DesignKind>(kind - std::begin(kDesignNames));
        if (j.contains("design_points")) d.design.points = j.at("design_points").get<std::size_t>();
        for (const auto& f : j.at("factors")) {
            Factor factor;
            factor.name = f.at("name").get<std::string>();
            if (f.contains("values")) factor.values = f.at("values").get<std::vector<std::string>>();
            else {
                factor.lo = f.at("min").get<double>();
                factor.hi = f.at("max").get<double>();
                if (f.contains("levels")) factor.levels = f.at("levels").get<std::size_t>();
            }
            factor.integer = f.value("integer", false);
            d.design.factors.push_back(factor);
        }
        for (const auto& o : j.at("overrides")) d.overrides.push_back({o.at("name").get<std::string>(), o.at("value").get<std::string>()});
        d.nominal = j.at("nominal").get<bool>();
        d.samples = j.at("samples_per_point").get<std::uint64_t>();
        d.design.seed = j.at("seed").get<std::uint64_t>();
        if (j.contains("bootstrap")) d.bootstrap = j.at("bootstrap").get<std::size_t>();
        return d;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("not a sweep definition: ") + e.what());
    }
}

SweepPlan::SweepPlan(SweepDefinition definition)
    : definition_(std::move(definition)),
      base_(apply_overrides(definition_.scenario_text, definition_.scenario_file, definition_.overrides, definition_.nominal)),
      points_(checked_points(definition_.design)) {
    for (std::size_t p = 0; p < points_.size(); ++p) {
        try {
            (void)point_scenario(p);
        } catch (const InputError& e) {
            std::string values;
            for (std::size_t f = 0; f < definition_.design.factors.size(); ++f)
                values += (f ? ", " : "") + definition_.design.factors[f].name + "=" + points_[p].values[f];
            throw InputError(e.file(), e.where(), e.message() + " (sweep point " + std::to_string(p) + ": " + values + ")");
        }
    }
}

std::vector<Override> SweepPlan::point_overrides(std::size_t point) const {
    std::vector<Override> overrides = definition_.overrides;
    for (std::size_t f = 0; f < definition_.design.factors.size(); ++f) overrides.push_back({definition_.design.factors[f].name, points_[point].values[f]});
    return overrides;
}

EffectiveScenario SweepPlan::point_scenario(std::size_t point) const {
    return apply_overrides(definition_.scenario_text, definition_.scenario_file, point_overrides(point), definition_.nominal);
}

namespace {

// The samples of a point that agreed, one bit each (common random numbers pair them across points: differences.csv).
struct AgreedBits {
    std::vector<std::uint8_t> bytes;
    explicit AgreedBits(std::uint64_t samples) : bytes(static_cast<std::size_t>((samples + 7) / 8), 0) {}
    void set(std::uint64_t sample) { bytes[sample / 8] |= static_cast<std::uint8_t>(1u << (sample % 8)); }
};

ProgressSink point_progress(const std::function<void(std::uint64_t)>& progress) {
    return [&progress](std::uint64_t done, std::uint64_t) {
        if (progress) progress(done);
        return false;
    };
}

PointRecord point_record(std::size_t point, const SummaryColumns& columns, const AgreedBits& agreed, std::vector<double> outputs) {
    PointRecord record;
    record.point = point;
    for (std::size_t c = kProvenanceColumns; c < columns.values.size(); ++c) record.row += (c > kProvenanceColumns ? "," : "") + columns.values[c];
    record.agreed = to_hex(agreed.bytes);
    record.outputs = std::move(outputs);
    return record;
}

// A process in stages at one point: every stage's agreement together stands for the run's agreement (sweep.csv's
// agreement_probability, the agreed bits, the first Sobol output).
PointRecord run_process_point(const Scenario& scenario, const RunOptions& options, std::size_t point, const std::function<void(std::uint64_t)>& progress) {
    RunOptions chunked = options;
    chunked.chunk = kProcessChunk;
    ProcessTally tally(scenario);
    AgreedBits agreed(options.samples);
    run_process(
        scenario, chunked,
        [&](std::uint64_t first, std::span<const ProcessOutcome> outcomes) {
            tally.add(outcomes);
            for (std::size_t i = 0; i < outcomes.size(); ++i)
                if (outcomes[i].all_agreed(scenario.stages.list.size())) agreed.set(first + i);
        },
        point_progress(progress));
    const ProcessSummary summary = tally.summarise();
    return point_record(point, process_summary_columns(scenario, Provenance{}, summary), agreed, process_outputs(scenario, summary));
}

// The columns of a point's row, named from the base scenario (overrides never change the scenario's shape).
SummaryColumns point_columns(const Scenario& base) {
    if (!base.stages.list.empty()) return process_summary_columns(base, Provenance{}, ProcessTally(base).summarise());
    return summary_columns(base, Provenance{}, RunTally(base).summarise());
}

}  // namespace

PointRecord run_point(const SweepPlan& plan, std::size_t point, unsigned threads, const std::function<void(std::uint64_t)>& progress) {
    const EffectiveScenario effective = plan.point_scenario(point);
    const Scenario& scenario = effective.scenario;
    RunOptions options;
    options.samples = plan.definition().samples;
    options.seed = plan.definition().design.seed;  // the same seed at every point: common random numbers
    options.threads = threads;
    if (!scenario.stages.list.empty()) return run_process_point(scenario, options, point, progress);
    RunTally tally(scenario);
    AgreedBits agreed(options.samples);
    run_monte_carlo(
        scenario, options,
        [&](std::uint64_t first, std::span<const Outcome> outcomes) {
            tally.add(outcomes);
            for (std::size_t i = 0; i < outcomes.size(); ++i)
                if (outcomes[i].agreed) agreed.set(first + i);
        },
        point_progress(progress));
    const Summary summary = tally.summarise();
    std::vector<double> outputs{summary.agreement_probability};
    for (const IssueSummary& issue : summary.issues) outputs.push_back(issue.deals > 0 ? issue.quantile[3] : std::numeric_limits<double>::quiet_NaN());  // q50
    return point_record(point, summary_columns(scenario, Provenance{}, summary), agreed, std::move(outputs));
}

RecordShape record_shape(const SweepPlan& plan, std::size_t shard, std::size_t shards) {
    RecordShape shape;
    shape.points = plan.points().size();
    shape.shard = shard;
    shape.shards = shards;
    shape.samples = plan.definition().samples;
    shape.outputs = 1 + plan.base().issues.size();  // as run_point makes them
    shape.row_fields = point_columns(plan.base()).names.size() - kProvenanceColumns;
    return shape;
}

namespace {

void write_sweep_csv(std::ostream& out, const SweepPlan& plan, const std::vector<PointRecord>& records) {
    const Design& design = plan.definition().design;
    out << "point";
    for (const Factor& f : design.factors) out << ',' << column_name(f.name);
    // The figures' names do not depend on the point's values: overrides never change the scenario's shape.
    const SummaryColumns columns = point_columns(plan.base());
    for (std::size_t c = kProvenanceColumns; c < columns.names.size(); ++c) out << ',' << columns.names[c];
    out << '\n';
    for (const PointRecord& r : records) {
        out << r.point;
        for (const std::string& value : plan.points()[r.point].values) out << ',' << csv_field(value);
        out << ',' << r.row << '\n';
    }
}

// differences.csv: for a grid, each point against its neighbour one level lower in each factor, with the paired
// interval of the difference in agreement probability (same samples, common random numbers).
void write_differences_csv(std::ostream& out, const SweepPlan& plan, const std::vector<PointRecord>& records) {
    const Design& design = plan.definition().design;
    const std::uint64_t samples = plan.definition().samples;
    out << "point,neighbour,factor,value,neighbour_value,agreement_difference,ci95_lo,ci95_hi,samples_gained,samples_lost\n";
    std::vector<std::size_t> stride(design.factors.size(), 1);
    for (std::size_t f = design.factors.size(); f-- > 1;) stride[f - 1] = stride[f] * levels_of(design.factors[f]);
    for (const PointRecord& r : records) {
        const std::vector<std::uint8_t> at = agreement_bits(r.agreed, samples);
        for (std::size_t f = 0; f < design.factors.size(); ++f) {
            if ((r.point / stride[f]) % levels_of(design.factors[f]) == 0) continue;
            const PointRecord& n = records[r.point - stride[f]];
            const PairedCounts counts = paired_counts(at, agreement_bits(n.agreed, samples));
            const PairedDifference d = paired_difference(counts);
            out << r.point << ',' << n.point << ',' << column_name(design.factors[f].name) << ',' << csv_field(plan.points()[r.point].values[f]) << ','
                << csv_field(plan.points()[n.point].values[f]) << ',' << format_number(d.difference) << ',' << format_number(d.interval.lo) << ','
                << format_number(d.interval.hi) << ',' << counts.first_only << ',' << counts.second_only << '\n';
        }
    }
}

// sobol.csv: first-order and total indices of each output with respect to each factor; returns what the indices'
// reader must be warned of (sobol_warnings).
std::vector<std::string> write_sobol_csv(std::ostream& out, const SweepPlan& plan, const std::vector<PointRecord>& records) {
    std::vector<std::string> warnings, factors;
    for (const Factor& f : plan.definition().design.factors) factors.push_back(column_name(f.name));
    const SweepDefinition& d = plan.definition();
    const Scenario& s = plan.base();
    std::vector<std::string> outputs = {"agreement_probability"};
    for (const Issue& issue : s.issues) outputs.push_back(issue.id + "_q50");
    out << "output,parameter,first_order,first_order_ci95_lo,first_order_ci95_hi,total,total_ci95_lo,total_ci95_hi,base_points,base_points_used,bootstrap\n";
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        std::vector<double> y(records.size());
        for (std::size_t p = 0; p < records.size(); ++p) y[p] = records[p].outputs[o];
        const SobolIndices indices = sobol_indices(y, d.design.points, d.design.factors.size(), BootstrapOptions{d.bootstrap, d.design.seed});
        for (std::size_t f = 0; f < d.design.factors.size(); ++f) {
            const SobolIndex& first = indices.first[f];
            const SobolIndex& total = indices.total[f];
            out << outputs[o] << ',' << column_name(d.design.factors[f].name) << ',' << number_or_empty(first.estimate) << ','
                << number_or_empty(first.interval.lo) << ',' << number_or_empty(first.interval.hi) << ',' << number_or_empty(total.estimate) << ','
                << number_or_empty(total.interval.lo) << ',' << number_or_empty(total.interval.hi) << ',' << d.design.points << ','
                << indices.rows << ',' << d.bootstrap << '\n';
        }
        for (std::string& w : sobol_warnings(indices, outputs[o], factors)) warnings.push_back("sobol.csv: " + w);
    }
    return warnings;
}

}  // namespace

std::vector<PointRecord> complete_records(const SweepPlan& plan, std::vector<PointRecord> records) {
    std::sort(records.begin(), records.end(), [](const PointRecord& a, const PointRecord& b) { return a.point < b.point; });
    std::vector<PointRecord> unique;
    for (PointRecord& r : records) {
        if (!unique.empty() && unique.back().point == r.point) {
            if (unique.back().row != r.row || unique.back().agreed != r.agreed)
                throw std::runtime_error("point " + std::to_string(r.point) + " has two different results (journals of different negsim builds?)");
            continue;
        }
        unique.push_back(std::move(r));
    }
    for (std::size_t p = 0; p < plan.points().size(); ++p)
        if (p >= unique.size() || unique[p].point != p) throw std::runtime_error("point " + std::to_string(p) + " has no result");
    if (unique.size() != plan.points().size()) throw std::runtime_error("there are results for points this sweep does not have");
    return unique;
}

std::vector<std::string> write_sweep_files(const SweepPlan& plan, const std::vector<PointRecord>& unique, const std::filesystem::path& out) {
    OutputFiles files(out);
    std::vector<std::string> warnings;
    write_sweep_csv(files.open("sweep.csv"), plan, unique);
    if (plan.definition().design.kind == DesignKind::grid) write_differences_csv(files.open("differences.csv"), plan, unique);
    else files.remove_stale("differences.csv");
    if (plan.definition().design.kind == DesignKind::sobol) warnings = write_sobol_csv(files.open("sobol.csv"), plan, unique);
    else files.remove_stale("sobol.csv");
    nlohmann::ordered_json j = definition_json(plan.definition());
    j["scenario"]["name"] = plan.base().name;
    j["points"] = plan.points().size();
    j["common_random_numbers"] = true;
    if (!warnings.empty()) j["warnings"] = warnings;
    files.open("sweep.json") << j.dump(2) << '\n';
    files.open("scenario.json") << plan.definition().scenario_text;
    files.commit();
    return warnings;
}

}  // namespace negsim
