// Sweep files and --vary arguments (sweep_file.hpp).
#include "analysis/sweep/sweep_file.hpp"

#include "input/input_error.hpp"
#include "input/json_reader.hpp"
#include "input/scenario_loader.hpp"
#include "model/capacity.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace negsim {

namespace {

const std::vector<std::string> kDesigns = {"grid", "lhs", "sobol"};

std::string describe_options(const std::vector<std::string>& options) { return join_quoted(options); }

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t end = text.find(separator); ; end = text.find(separator, start)) {
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

}  // namespace

Factor parse_vary(std::string_view argument, DesignKind kind) {
    const auto eq = argument.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw InputError("--vary", "", quote_text(argument) + " is not NAME=LO:HI:N, NAME=LO:HI or NAME=A,B,C");
    Factor f;
    f.name = std::string(argument.substr(0, eq));
    const std::string_view spec = argument.substr(eq + 1);
    const auto where = "--vary " + f.name;
    if (spec.find(':') == std::string_view::npos) {
        f.values = split(spec, ',');
        for (const std::string& v : f.values)
            if (v.empty()) throw InputError(where, "", quote_text(spec) + " has an empty value; expected A,B,C");
        return f;
    }
    const std::vector<std::string> parts = split(spec, ':');
    const bool grid = kind == DesignKind::grid;
    if (parts.size() != (grid ? 3u : 2u))
        throw InputError(where, "", quote_text(spec) + (grid ? " is not LO:HI:N (a grid needs the number of values N)"
                                                               : " is not LO:HI (lhs and sobol draw --points values; no :N)"));
    if (!parse_number(parts[0], f.lo) || !parse_number(parts[1], f.hi) || !(f.lo <= f.hi))
        throw InputError(where, "", quote_text(spec) + " does not start with two numbers LO:HI, LO <= HI");
    if (grid) {
        const auto& n = parts[2];
        const auto r = std::from_chars(n.data(), n.data() + n.size(), f.levels);
        if (n.empty() || r.ec != std::errc() || r.ptr != n.data() + n.size() || f.levels < 1 || f.levels > kMaxGridLevels)
            throw InputError(where, "", quote_text(n) + " is not a number of values from 1 to " + std::to_string(kMaxGridLevels));
        if (f.levels > 1 && !(f.lo < f.hi)) throw InputError(where, "", "LO equals HI; expected LO < HI for more than one value");
    } else if (!(f.lo < f.hi)) {
        throw InputError(where, "", "LO equals HI; expected LO < HI");
    }
    return f;
}

void check_factors(const Scenario& scenario, bool nominal, std::vector<Factor>& factors, const std::string& where) {
    const std::vector<OverrideTarget> targets = override_targets(scenario);
    std::vector<std::string> names;
    for (const OverrideTarget& t : targets) names.push_back(t.name);
    for (std::size_t i = 0; i < factors.size(); ++i) {
        Factor& f = factors[i];
        const std::string at = where + " " + f.name;
        for (std::size_t j = 0; j < i; ++j)
            if (factors[j].name == f.name) throw InputError(where, "", quote_text(f.name) + " is varied twice; vary each parameter once");
        const auto it = std::find(names.begin(), names.end(), f.name);
        if (it == names.end()) reject_override_name(scenario, f.name, nominal, where);
        const OverrideTarget& t = targets[static_cast<std::size_t>(it - names.begin())];
        if (t.type == TargetType::option) {
            if (f.values.empty())
                throw InputError(at, "", "is a discrete issue's ideal; list its options instead of a range: " + describe_options(t.options));
            for (const std::string& v : f.values)
                if (std::find(t.options.begin(), t.options.end(), v) == t.options.end())
                    throw InputError(at, "", quote_text(v) + " is not an option; expected one of " + describe_options(t.options));
            continue;
        }
        f.integer = t.type == TargetType::integer;
        const auto check = [&](double v, const std::string& text) {
            if (!(v >= t.lo && v <= t.hi))
                throw InputError(at, "", quote_text(text) + " is outside the parameter's domain [" + format_number(t.lo) + ", " + format_number(t.hi) + "]");
            if (f.integer && v != std::floor(v)) throw InputError(at, "", quote_text(text) + " is not a whole number");
        };
        if (f.values.empty()) {
            check(f.lo, format_number(f.lo));
            check(f.hi, format_number(f.hi));
        } else {
            for (const std::string& v : f.values) {
                double x = 0.0;
                if (!parse_number(v, x)) throw InputError(at, "", quote_text(v) + " is not a number");
                check(x, v);
            }
        }
    }
}

SweepFile read_sweep_file(const std::string& path) {
    const std::string text = read_file(path);
    const json document = parse_json(text, path);
    const Node root(document, "", path);
    root.object({"version", "design", "points", "samples", "seed", "bootstrap", "set", "nominal", "vary", "description"});
    if (root.required("version").unsigned_integer(1, 1) != 1) root.child("version").fail("expected 1");
    if (root.has("description")) (void)root.child("description").string();
    SweepFile file;
    if (root.has("design")) {
        const std::string design = root.child("design").one_of(kDesigns);
        file.design.kind = static_cast<DesignKind>(std::find(kDesigns.begin(), kDesigns.end(), design) - kDesigns.begin());
    }
    const bool grid = file.design.kind == DesignKind::grid;
    if (root.has("points")) {
        if (grid) root.child("points").fail("is for lhs and sobol designs; a grid has levels per factor");
        file.design.points = static_cast<std::size_t>(root.child("points").unsigned_integer(2, 1000000));
    } else if (!grid) {
        root.fail("missing \"points\"; an " + kDesigns[static_cast<std::size_t>(file.design.kind)] + " design needs the number of points");
    }
    if (root.has("samples")) file.samples = root.child("samples").unsigned_integer(1, std::uint64_t{1} << 40);
    if (root.has("seed")) file.seed = root.child("seed").unsigned_integer(0, ~std::uint64_t{0});
    if (root.has("bootstrap")) file.bootstrap = static_cast<std::size_t>(root.child("bootstrap").unsigned_integer(100, 100000));
    if (root.has("nominal")) {
        const Node n = root.child("nominal");
        if (!n.raw().is_boolean()) n.fail(what_is(n.raw()) + "; expected true or false");
        file.nominal = n.raw().get<bool>();
    }
    if (root.has("set")) {
        const Node set = root.child("set");
        if (!set.raw().is_object()) set.fail(what_is(set.raw()) + "; expected an object of parameter names and values");
        for (const auto& item : set.raw().items()) {
            const Node value = set.child(item.key());
            // The entry's place goes with it: a bad name or value is reported here, not as a --set.
            const std::string text = value.raw().is_number() ? format_number(value.number()) : value.string(false);
            file.overrides.push_back({item.key(), text, path, value.path()});
        }
    }
    for (const Node& v : root.required("vary").array(1, "parameters to vary")) {
        Factor f;
        v.object({"name", "min", "max", "levels", "values"});
        f.name = v.required("name").string(false);
        if (v.has("values")) {
            if (v.has("min") || v.has("max") || v.has("levels")) v.fail("has both \"values\" and a range; give one");
            for (const Node& item : v.child("values").array(1, "values"))
                f.values.push_back(item.raw().is_number() ? format_number(item.number()) : item.string(false));
        } else {
            f.lo = v.required("min").number();
            f.hi = v.required("max").number();
            if (!(f.lo <= f.hi)) v.child("max").fail("is below min");
            if (grid) f.levels = static_cast<std::size_t>(v.required("levels").unsigned_integer(1, kMaxGridLevels));
            else if (v.has("levels")) v.child("levels").fail("is for grid designs; lhs and sobol draw \"points\" values");
            if (!(f.lo < f.hi) && f.levels != 1) v.child("max").fail("equals min; expected max > min");
        }
        file.design.factors.push_back(std::move(f));
    }
    if (std::string e = design_size_error(file.design); !e.empty()) root.child(grid ? "vary" : "points").fail(e);
    return file;
}

}  // namespace negsim
