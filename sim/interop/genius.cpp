// GENIUS XML in and out (docs/interop.md, "GENIUS"), as GENIUS 10.4 reads it (genius.core.utility: AdditiveUtilitySpace,
// EvaluatorDiscrete, EvaluatorInteger, EvaluatorReal; genius.core.timeline.DiscreteTimeline):
//   utility U(x) = sum_k w_k e_k(x_k), weights as written;
//   discrete e_k = evaluation / (the issue's largest evaluation), 0 when that is below 1e-5;
//   integer  e_k = clamp(offset + slope (x - lowerbound), 0, 1);
//   real     e_k = clamp(parameter0 + parameter1 x, 0, 1) ("linear"), parameter0 ("constant");
//   discount: U d^t at normalised time t; a round-based session of R rounds plays round r (0-based) at
//   t = (r + 1) / (R + 1) and ends at t = 1; the reservation value is discounted too: RV d^t.
#include "interop/formats.hpp"

#include "interop/xml_file.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace negsim::interop {

namespace {

// GENIUS's EvaluatorDiscrete.normalize: a largest evaluation below this counts as none (every value 0).
constexpr double kGeniusLeastMax = 0.00001;

struct DomainIssue {
    long long index = 0;
    std::string name;
    enum class Type { discrete, integer, real } type = Type::discrete;
    long long lower = 0;  // integer issues
};

DomainIssue::Type issue_type(const XmlFile& xml, pugi::xml_node issue) {
    // GENIUS: "type" decides; without it the issue is discrete.
    const std::string type = xml.has(issue, "type") ? std::string(issue.attribute("type").value()) : std::string("discrete");
    if (type == "discrete") return DomainIssue::Type::discrete;
    if (type == "integer") return DomainIssue::Type::integer;
    if (type == "real") return DomainIssue::Type::real;
    xml.fail(issue, "attribute type", quote_text(type) + " is not an issue type negsim can hold; expected \"discrete\", \"integer\" or \"real\"");
}

const std::vector<std::string> kIssueAttributes = {"index", "name", "type", "etype", "vtype", "description", "lowerbound", "upperbound"};

// The integer range of an integer issue: attributes (GENIUS 10) or a <range> element (older files).
std::pair<long long, long long> integer_range(const XmlFile& xml, pugi::xml_node issue) {
    const pugi::xml_node holder = xml.has(issue, "lowerbound") ? issue : xml.one(issue, "range");
    const long long lo = xml.integer(holder, "lowerbound"), hi = xml.integer(holder, "upperbound");
    if (hi < lo) xml.fail(holder, "attribute upperbound", std::to_string(hi) + " is below lowerbound " + std::to_string(lo));
    if (hi - lo + 1 > static_cast<long long>(kMaxOptions))
        xml.fail(holder, "", "an integer issue of " + std::to_string(hi - lo + 1) + " values; negsim holds an integer issue exactly as a discrete one of at most " +
                                 std::to_string(kMaxOptions) + " options, and a continuous issue would admit values GENIUS does not");
    if (hi - lo + 1 < 2) xml.fail(holder, "", "an integer issue of a single value; an issue needs at least two");
    return {lo, hi};
}

void read_domain(const XmlFile& xml, Draft& draft, std::vector<DomainIssue>& out) {
    const pugi::xml_node root = xml.root();
    if (std::string(root.name()) != "negotiation_template") xml.fail(root, "", "is not a GENIUS domain; expected <negotiation_template>");
    xml.only(root, {"number_of_sessions"}, {"agent", "utility_space"});
    const pugi::xml_node space = xml.one(root, "utility_space");
    xml.only(space, {"number_of_issues", "type"}, {"objective"});
    const pugi::xml_node objective = xml.one(space, "objective");
    xml.only(objective, {"index", "description", "name", "type", "etype"}, {"issue", "objective"});
    if (const auto nested = XmlFile::children(objective, "objective"); !nested.empty())
        xml.fail(nested[0], "", "a nested objective; negsim reads a flat list of issues under the root objective");
    const auto issues = XmlFile::children(objective, "issue");
    if (issues.empty()) xml.fail(objective, "", "has no <issue>; expected at least one");
    if (issues.size() > kMaxIssues) xml.fail(objective, "", "has " + std::to_string(issues.size()) + " issues; negsim holds at most " + std::to_string(kMaxIssues));
    for (const pugi::xml_node node : issues) {
        xml.only(node, kIssueAttributes, {"item", "range"});
        DomainIssue d;
        d.index = xml.integer(node, "index");
        d.name = xml.text(node, "name");
        for (const DomainIssue& other : out)
            if (other.index == d.index) xml.fail(node, "attribute index", std::to_string(d.index) + " is the index of another issue; indices must differ");
        d.type = issue_type(xml, node);
        DraftIssue issue;
        issue.name = d.name;
        if (d.type == DomainIssue::Type::discrete) {
            issue.discrete = true;
            issue.unit = "option";
            const auto items = XmlFile::children(node, "item");
            if (items.size() < 2 || items.size() > kMaxOptions)
                xml.fail(node, "", "has " + std::to_string(items.size()) + " items; negsim holds a discrete issue of 2 to " + std::to_string(kMaxOptions) + " options");
            for (const pugi::xml_node item : items) {
                xml.only(item, {"index", "value", "description", "cost"}, {});
                const std::string value = xml.text(item, "value");
                if (std::find(issue.options.begin(), issue.options.end(), value) != issue.options.end())
                    xml.fail(item, "attribute value", quote_text(value) + " is a repeated item; the items of an issue must differ");
                issue.options.push_back(value);
            }
        } else if (d.type == DomainIssue::Type::integer) {
            const auto [lo, hi] = integer_range(xml, node);
            d.lower = lo;
            issue.discrete = true;
            issue.unit = "integer";
            for (long long v = lo; v <= hi; ++v) issue.options.push_back(std::to_string(v));
        } else {
            const pugi::xml_node range = xml.one(node, "range");
            xml.only(range, {"lowerbound", "upperbound"}, {});
            issue.min = xml.number(range, "lowerbound");
            issue.max = xml.number(range, "upperbound");
            if (!(issue.max > issue.min)) xml.fail(range, "attribute upperbound", "is not above lowerbound; expected a range of positive width");
            issue.unit = "value";
        }
        out.push_back(d);
        draft.issues.push_back(issue);
    }
}

// One party's utility space: evaluators, weights, reservation value and discount factor.
DraftAgent read_profile(const XmlFile& xml, const Draft& draft, const std::vector<DomainIssue>& domain, const ImportOptions& options, std::vector<std::string>& notes) {
    const pugi::xml_node root = xml.root();
    if (std::string(root.name()) != "utility_space") xml.fail(root, "", "is not a GENIUS utility space (profile); expected <utility_space>");
    xml.only(root, {"type", "number_of_issues"}, {"objective", "reservation", "discount_factor"});
    if (xml.has(root, "type") && std::string(root.attribute("type").value()) != "linear")
        xml.fail(root, "attribute type", quote_text(root.attribute("type").value()) + " is a utility space negsim cannot hold; expected an additive (\"linear\") one");
    const pugi::xml_node objective = xml.one(root, "objective");
    xml.only(objective, {"index", "description", "name", "type", "etype"}, {"issue", "weight", "objective"});
    if (const auto nested = XmlFile::children(objective, "objective"); !nested.empty())
        xml.fail(nested[0], "", "a nested objective; negsim reads a flat list of issues under the root objective");

    DraftAgent agent;
    agent.name = name_from_file(xml.path());
    const std::size_t n = domain.size();
    agent.ideal.assign(n, 0.0);
    agent.weights.assign(n, -1.0);
    agent.values.assign(n, DraftValue{});
    std::vector<bool> seen(n, false);
    const auto position = [&](pugi::xml_node node) {
        const long long index = xml.integer(node, "index");
        for (std::size_t k = 0; k < n; ++k)
            if (domain[k].index == index) return k;
        xml.fail(node, "attribute index", std::to_string(index) + " is not the index of an issue of the domain");
    };
    for (const pugi::xml_node node : XmlFile::children(objective, "issue")) {
        xml.only(node, kIssueAttributes, {"item", "range", "evaluator"});
        const std::size_t k = position(node);
        if (seen[k]) xml.fail(node, "attribute index", "a second evaluation of issue " + quote_text(domain[k].name));
        seen[k] = true;
        if (xml.text(node, "name") != domain[k].name)
            xml.fail(node, "attribute name", quote_text(node.attribute("name").value()) + " is not the domain's issue " + std::to_string(domain[k].index) + ", " + quote_text(domain[k].name));
        if (issue_type(xml, node) != domain[k].type) xml.fail(node, "attribute type", "differs from the domain's type for this issue");
        const DraftIssue& issue = draft.issues[k];
        DraftValue& v = agent.values[k];
        if (domain[k].type == DomainIssue::Type::discrete) {
            v.kind = DraftValue::Kind::table;
            std::vector<double> evaluation(issue.options.size(), -1.0);
            for (const pugi::xml_node item : XmlFile::children(node, "item")) {
                xml.only(item, {"index", "value", "description", "cost", "evaluation"}, {});
                const std::string value = xml.text(item, "value");
                const auto it = std::find(issue.options.begin(), issue.options.end(), value);
                if (it == issue.options.end()) xml.fail(item, "attribute value", quote_text(value) + " is not an item of the domain's issue " + quote_text(issue.name));
                const double e = xml.number(item, "evaluation");
                if (e < 0.0) xml.fail(item, "attribute evaluation", format_number(e) + " is negative; GENIUS evaluations are >= 0");
                evaluation[static_cast<std::size_t>(it - issue.options.begin())] = e;
            }
            for (std::size_t o = 0; o < evaluation.size(); ++o)
                if (evaluation[o] < 0.0) xml.fail(node, "", "no evaluation of item " + quote_text(issue.options[o]) + "; GENIUS needs one for every item");
            const double top = *std::max_element(evaluation.begin(), evaluation.end());
            for (double& e : evaluation) e = top < kGeniusLeastMax ? 0.0 : e / top;
            v.table = evaluation;
            continue;
        }
        const pugi::xml_node evaluator = xml.one(node, "evaluator");
        if (domain[k].type == DomainIssue::Type::integer) {
            xml.only(evaluator, {"ftype", "slope", "offset"}, {});
            // GENIUS evaluates x - lowerbound with the profile's own range: it must be the domain's.
            const auto [lo, hi] = integer_range(xml, node);
            if (lo != domain[k].lower || hi - lo + 1 != static_cast<long long>(issue.options.size()))
                xml.fail(node, "", "the range [" + std::to_string(lo) + ", " + std::to_string(hi) + "] differs from the domain's for issue " + quote_text(issue.name));
            const double slope = xml.number(evaluator, "slope"), offset = xml.number(evaluator, "offset");
            v.kind = DraftValue::Kind::table;
            for (std::size_t o = 0; o < issue.options.size(); ++o)
                v.table.push_back(std::clamp(offset + slope * static_cast<double>(o), 0.0, 1.0));  // x - lowerbound = o
            continue;
        }
        xml.only(evaluator, {"ftype", "parameter0", "parameter1", "parameter2", "parameter3"}, {});
        const std::string ftype = xml.text(evaluator, "ftype");
        double at_min = 0.0, at_max = 0.0;
        if (ftype == "linear") {
            const double p0 = xml.number(evaluator, "parameter0"), p1 = xml.number(evaluator, "parameter1");
            at_min = p0 + p1 * issue.min;
            at_max = p0 + p1 * issue.max;
        } else if (ftype == "constant") {
            at_min = at_max = xml.number(evaluator, "parameter0");
        } else {
            xml.fail(evaluator, "attribute ftype", quote_text(ftype) + " is an evaluator negsim cannot hold; expected \"linear\" or \"constant\"");
        }
        for (const double end : {at_min, at_max})
            if (end < -tolerance::kImportedRounding || end > 1.0 + tolerance::kImportedRounding)
                xml.fail(evaluator, "", "the line leaves [0, 1] inside the issue's range (" + format_number(at_min) + " at " + format_number(issue.min) + ", " +
                                            format_number(at_max) + " at " + format_number(issue.max) +
                                            "); GENIUS clamps it there, a kink negsim's affine values cannot hold");
        v.kind = DraftValue::Kind::affine;
        v.at_min = std::clamp(at_min, 0.0, 1.0);
        v.at_max = std::clamp(at_max, 0.0, 1.0);
    }
    for (std::size_t k = 0; k < n; ++k)
        if (!seen[k]) xml.fail(objective, "", "no evaluation of issue " + quote_text(domain[k].name) + "; every issue of the domain needs one");

    for (const pugi::xml_node node : XmlFile::children(objective, "weight")) {
        xml.only(node, {"index", "value"}, {});
        const std::size_t k = position(node);
        if (agent.weights[k] >= 0.0) xml.fail(node, "attribute index", "a second weight for issue " + quote_text(domain[k].name));
        agent.weights[k] = xml.number(node, "value");
        if (agent.weights[k] < 0.0) xml.fail(node, "attribute value", "is negative; weights are >= 0");
    }
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        if (agent.weights[k] < 0.0) xml.fail(objective, "", "no <weight> for issue " + quote_text(domain[k].name) + "; GENIUS needs one per issue");
        sum += agent.weights[k];
    }
    if (!(sum > 0.0)) xml.fail(objective, "", "every weight is 0; at least one must be positive");
    // negsim normalises weights. A sum within kGeniusWeightSum of 1 is rounding, which GENIUS normalises too; weights
    // that sum to s farther from 1 are kept by scaling every value by s: sum_k w_k e_k = sum_k (w_k / s) (s e_k).
    if (std::abs(sum - 1.0) > tolerance::kImportedRounding && std::abs(sum - 1.0) <= tolerance::kGeniusWeightSum) {
        char written[32];  // the sum as the decimals of the file add up, not its last binary digits
        std::snprintf(written, sizeof written, "%.12g", sum);
        notes.push_back(agent.name + ": the weights sum to " + written + ", within " + format_number(tolerance::kGeniusWeightSum) +
                        " of 1 (rounding); normalised to sum to 1, as GENIUS does");
    } else if (std::abs(sum - 1.0) > tolerance::kImportedRounding) {
        for (std::size_t k = 0; k < n; ++k) {
            DraftValue& v = agent.values[k];
            for (double& e : v.table) e *= sum;
            v.at_min *= sum;
            v.at_max *= sum;
            const double top = v.kind == DraftValue::Kind::table ? *std::max_element(v.table.begin(), v.table.end()) : std::max(v.at_min, v.at_max);
            if (top > 1.0 + tolerance::kImportedRounding)
                xml.fail(objective, "", "the weights sum to " + format_number(sum) + ", so issue " + quote_text(domain[k].name) + " alone is worth up to " +
                                            format_number(top) + "; negsim's values lie in [0, 1], so it cannot hold a utility above 1");
            for (double& e : v.table) e = std::min(e, 1.0);
            v.at_min = std::min(v.at_min, 1.0);
            v.at_max = std::min(v.at_max, 1.0);
        }
        notes.push_back(agent.name + ": the weights sum to " + format_number(sum) + "; every value is scaled by it so that utilities stay GENIUS's");
    }

    double reservation = 0.0, discount = 1.0;
    if (const auto r = XmlFile::children(root, "reservation"); !r.empty()) {
        xml.only(r[0], {"value"}, {});
        reservation = xml.number(r[0], "value");
        if (reservation < 0.0 || reservation > 1.0) xml.fail(r[0], "attribute value", format_number(reservation) + " is out of range; a reservation value lies in [0, 1]");
        agent.reservation_given = true;
    }
    if (const auto d = XmlFile::children(root, "discount_factor"); !d.empty()) {
        xml.only(d[0], {"value"}, {});
        discount = xml.number(d[0], "value");
        if (discount <= 0.0 || discount > 1.0) {
            notes.push_back(agent.name + ": discount factor " + format_number(discount) + " is outside (0, 1]; GENIUS then does not discount, nor does negsim");
            discount = 1.0;
        }
    }
    // GENIUS: a deal in round r is worth U d^((r+1)/(R+1)), no deal RV d (the deadline, t = 1). negsim: delta^r U and
    // r_negsim. With delta = d^(1/(R+1)) and r_negsim = RV d^(R/(R+1)) every outcome is worth GENIUS's value divided by
    // the one constant d^(1/(R+1)): the same comparisons for every agent at every round.
    const double rounds = static_cast<double>(options.rounds);
    agent.discount = discount == 1.0 ? 1.0 : std::pow(discount, 1.0 / (rounds + 1.0));
    agent.reservation = discount == 1.0 ? reservation : reservation * std::pow(discount, rounds / (rounds + 1.0));
    if (discount != 1.0)
        notes.push_back(agent.name + ": GENIUS discount " + format_number(discount) + " over normalised time became the per-round factor " +
                        format_number(agent.discount) + " for " + std::to_string(options.rounds) + " rounds, and reservation " + format_number(reservation) +
                        " (discounted to the deadline) became " + format_number(agent.reservation));
    return agent;
}

std::string number_text(double x) { return format_number(x == 0.0 ? 0.0 : x); }  // no "-0"

}  // namespace

Draft read_genius(const std::vector<std::string>& files, const ImportOptions& options) {
    Draft draft;
    draft.format = "genius";
    std::vector<std::unique_ptr<XmlFile>> profiles;
    std::unique_ptr<XmlFile> domain_file;
    for (const std::string& file : files) {
        auto xml = std::make_unique<XmlFile>(file);
        if (std::string(xml->root().name()) == "negotiation_template") {
            if (domain_file) throw InputError(file, "", "a second GENIUS domain (the first is " + domain_file->path() + "); give one domain and one profile per party");
            domain_file = std::move(xml);
        } else {
            profiles.push_back(std::move(xml));
        }
    }
    if (!domain_file) throw InputError(files.front(), "", "no GENIUS domain among the files; expected one file whose root is <negotiation_template>");
    if (profiles.size() < 2) throw InputError(domain_file->path(), "", "needs at least two profiles (<utility_space> files), one per party");
    if (profiles.size() > kMaxAgents) throw InputError(domain_file->path(), "", std::to_string(profiles.size()) + " profiles; negsim holds at most " + std::to_string(kMaxAgents) + " parties");
    std::vector<DomainIssue> domain;
    read_domain(*domain_file, draft, domain);
    for (const auto& profile : profiles) draft.agents.push_back(read_profile(*profile, draft, domain, options, draft.notes));
    // The scenario is named after the domain, without the "-domain" or "_domain" that export and GENIUS's own
    // files (party_domain.xml) add, so that a round trip keeps the name.
    draft.name = name_from_file(domain_file->path());
    draft.description = "GENIUS domain " + draft.name + ", " + std::to_string(profiles.size()) + " profiles.";
    for (const char* suffix : {"-domain", "_domain"})
        if (draft.name.size() > std::string(suffix).size() && draft.name.ends_with(suffix)) draft.name.resize(draft.name.size() - std::string(suffix).size());
    draft.notes.insert(draft.notes.begin(), "genius: integer issues became discrete issues of their values; discrete evaluations were divided by each issue's largest, as GENIUS does");
    return draft;
}

Exported write_genius(const Scenario& s, const std::string& file) {
    refuse_links(s, file, "GENIUS");
    Exported out;
    const double rounds = s.protocol.rounds;
    std::string domain = "<negotiation_template>\n<utility_space number_of_issues=\"" + std::to_string(s.issues.size()) +
                         "\">\n<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n";
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
        const Issue& issue = s.issues[k];
        const std::string head = "<issue index=\"" + std::to_string(k + 1) + "\" name=\"" + xml_escape(issue.id) + "\"";
        if (issue.discrete) {
            domain += head + " type=\"discrete\" etype=\"discrete\" vtype=\"discrete\">\n";
            for (std::size_t o = 0; o < issue.options.size(); ++o)
                domain += "  <item index=\"" + std::to_string(o + 1) + "\" value=\"" + xml_escape(issue.options[o]) + "\"/>\n";
        } else {
            domain += head + " type=\"real\" etype=\"real\" vtype=\"real\">\n  <range lowerbound=\"" + number_text(issue.min) + "\" upperbound=\"" + number_text(issue.max) + "\"/>\n";
        }
        domain += "</issue>\n";
    }
    domain += "</objective>\n</utility_space>\n</negotiation_template>\n";
    out.files.emplace_back(s.name + "-domain.xml", domain);

    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        const Agent& a = s.agents[i];
        std::string issues, weights;
        for (std::size_t k = 0; k < s.issues.size(); ++k) {
            const Issue& issue = s.issues[k];
            double weight = a.weights[k];
            const std::string head = "<issue index=\"" + std::to_string(k + 1) + "\" name=\"" + xml_escape(issue.id) + "\"";
            if (issue.discrete) {
                // GENIUS divides evaluations by the issue's largest: a table whose best entry m is below 1 is written as
                // it is, its weight multiplied by m (w v = (w m)(v / m)).
                double top = 0.0;
                for (std::size_t o = 0; o < issue.options.size(); ++o) top = std::max(top, value_at(s, i, k, static_cast<double>(o)));
                if (top > 0.0 && top < kGeniusLeastMax)
                    throw InputError(file, "/agents/" + std::to_string(i) + "/values/" + issue.id, "the best value of this issue, " + format_number(top) + ", is below GENIUS's 0.00001, which reads it as 0");
                issues += head + " type=\"discrete\" etype=\"discrete\" vtype=\"discrete\">\n";
                for (std::size_t o = 0; o < issue.options.size(); ++o)
                    issues += "  <item index=\"" + std::to_string(o + 1) + "\" value=\"" + xml_escape(issue.options[o]) + "\" evaluation=\"" +
                              number_text(value_at(s, i, k, static_cast<double>(o))) + "\"/>\n";
                weight *= top;
            } else {
                const ValueFunction& f = a.values[k];
                double intercept = f.intercept, slope = f.slope;
                const bool at_end = a.ideal[k] == issue.min || a.ideal[k] == issue.max;
                if (f.shape == Shape::linear && at_end) {
                    slope = (a.ideal[k] == issue.max ? 1.0 : -1.0) / issue.span();
                    intercept = 1.0 - slope * a.ideal[k];
                } else if (f.shape != Shape::affine) {
                    throw InputError(file, "/agents/" + std::to_string(i) + "/values/" + issue.id,
                                     std::string(f.shape == Shape::quadratic ? "a quadratic value" : "a linear value peaked inside the range") +
                                         " on a continuous issue; GENIUS's real issues hold a straight line only (an affine value, or linear with the ideal at an end)");
                }
                issues += head + " type=\"real\" etype=\"real\" vtype=\"real\">\n  <range lowerbound=\"" + number_text(issue.min) + "\" upperbound=\"" +
                          number_text(issue.max) + "\"/>\n  <evaluator ftype=\"linear\" parameter0=\"" + number_text(intercept) + "\" parameter1=\"" + number_text(slope) + "\"/>\n";
            }
            issues += "</issue>\n";
            weights += "<weight index=\"" + std::to_string(k + 1) + "\" value=\"" + number_text(weight) + "\"/>\n";
        }
        // The inverse of the import's conversion over the scenario's own rounds R: d = delta^(R+1), RV = r / delta^R.
        const double d = a.discount == 1.0 ? 1.0 : std::pow(a.discount, rounds + 1.0);
        const double rv = a.discount == 1.0 ? a.reservation : a.reservation / std::pow(a.discount, rounds);
        if (rv > 1.0)
            throw InputError(file, "/agents/" + std::to_string(i) + "/reservation", "undiscounted to GENIUS's start of time it is " + format_number(rv) + ", above 1; GENIUS cannot hold it");
        out.files.emplace_back(a.id + ".xml", "<utility_space>\n<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n" + issues + weights +
                                                  "</objective>\n<reservation value=\"" + number_text(rv) + "\"/>\n<discount_factor value=\"" + number_text(d) + "\"/>\n</utility_space>\n");
    }
    note_dropped(s, out.notes, false, false, true);
    out.notes.push_back("genius: discounts were converted over this scenario's " + std::to_string(s.protocol.rounds) + " rounds; import with --rounds " +
                        std::to_string(s.protocol.rounds) + " to read them back; issue ids became GENIUS names (labels and units dropped)");
    return out;
}

}  // namespace negsim::interop
