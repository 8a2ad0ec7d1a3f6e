// GeniusWeb JSON in and out (docs/interop.md, "GeniusWeb"), as GeniusWeb reads it (geniusweb.profile.utilityspace:
// LinearAdditiveUtilitySpace, DiscreteValueSetUtilities, NumberValueSetUtilities; geniusweb.issuevalue):
//   U(bid) = sum_k w_k u_k(bid_k), the weights summing to 1, a missing value worth 0;
//   discreteutils: u_k = valueUtilities[value] in [0, 1] (the best need not be 1);
//   numberutils over a number value set {"range": {"low", "high", "step"}} (the values low, low + step, ... <= high):
//   u_k = lowUtility + (highUtility - lowUtility)(x - lowValue)/(highValue - lowValue), rounded half up to 8 decimals;
//   the reservation bid: a bid worth less than it is worse than no deal, so the reservation value is U(reservation bid).
#include "interop/formats.hpp"

#include "input/json_reader.hpp"
#include "input/scenario_loader.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace negsim::interop {

namespace {

// GeniusWeb's NumberValueSetUtilities quantises each utility to 8 decimals (ROUND_HALF_UP).
double quantised(double u) { return std::floor(u * 1e8 + 0.5) / 1e8; }

// The digits after the decimal point of a number as written ("12.25" -> 2; "1e-3" -> 3; "1e+300" -> 0): all of them,
// since a double's decimals reach past the 300th place.
int decimals(const json& number) {
    const std::string text = number.dump();
    const auto e = text.find_first_of("eE");
    const std::string mantissa = text.substr(0, e);
    const auto dot = mantissa.find('.');
    int d = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
    if (e != std::string::npos) d -= std::stoi(text.substr(e + 1));
    return std::max(d, 0);
}

// x rounded to `digits` decimals through its exact decimal text: GeniusWeb's values are decimals (BigDecimal), and
// low + i step in doubles is off by rounding errors. The text of a double near 1e300 has 301 digits before the point,
// so the buffer grows until the text fits.
double rounded(double x, int digits) {
    std::string text(64, '\0');
    while (true) {
        const auto written = std::to_chars(text.data(), text.data() + text.size(), x, std::chars_format::fixed, digits);
        if (written.ec == std::errc()) {
            text.resize(static_cast<std::size_t>(written.ptr - text.data()));
            break;
        }
        text.resize(text.size() * 2);
    }
    double y = 0.0;
    (void)parse_number(text, y);
    return y;
}

struct WebIssue {
    bool number = false;
    double low = 0.0, high = 0.0;
    std::vector<double> points;  // number issues: the values, in order
};

// A number issue {"low", "high", "step"}: the values low, low + step, ... <= high, each rounded to the decimals of low
// and step, and each a double of its own (steps far below a double's precision at low are refused).
void read_range(const Node& range, DraftIssue& issue, WebIssue& web) {
    range.object({"low", "high", "step"});
    web.number = true;
    web.low = range.required("low").number();
    web.high = range.required("high").number();
    const double step = range.required("step").number();
    if (!(web.high > web.low)) range.child("high").fail("is not above low; expected a range of positive width");
    if (!(step > 0.0)) range.child("step").fail("is not positive; expected a step > 0");
    const double count = std::floor((web.high - web.low) / step * (1.0 + tolerance::kImportedRounding)) + 1.0;
    if (!(count <= static_cast<double>(kMaxOptions)))
        range.fail("holds " + (std::isfinite(count) ? format_number(count) : "more than " + std::to_string(kMaxOptions)) +
                   " values; negsim holds a number issue exactly as a discrete one of at most " + std::to_string(kMaxOptions) +
                   " values, and a continuous issue would admit values GeniusWeb does not");
    const int digits = std::max(decimals(range.child("low").raw()), decimals(range.child("step").raw()));
    for (int i = 0; i < static_cast<int>(count); ++i) {
        const double x = rounded(web.low + i * step, digits);
        if (!std::isfinite(x) || (!web.points.empty() && !(x > web.points.back())))
            range.fail("low + " + std::to_string(i) + (i == 1 ? " step" : " steps") + " is " + format_number(x) + (std::isfinite(x) ? ", the value before it again" : "") +
                       ": the range's values cannot be told apart in a double (a step of " + format_number(step) + " at " + format_number(web.low) +
                       "); negsim cannot hold this number issue");
        web.points.push_back(x);
        issue.options.push_back(format_number(x));
    }
    issue.unit = "number";
}

// The domain: {"name", "issuesValues": {issue: {"values": [...]} or {"range": {"low", "high", "step"}}}}.
void read_domain(const Node& domain, Draft& draft, std::vector<WebIssue>& issues) {
    domain.object({"name", "issuesValues"});
    (void)domain.required("name").string(false);
    const Node values = domain.required("issuesValues");
    if (!values.raw().is_object() || values.raw().empty()) values.fail(what_is(values.raw()) + "; expected an object of issues");
    if (values.raw().size() > kMaxIssues) values.fail("has " + std::to_string(values.raw().size()) + " issues; negsim holds at most " + std::to_string(kMaxIssues));
    for (const auto& item : values.raw().items()) {
        const Node set = values.child(item.key());
        set.object({"values", "range"});
        DraftIssue issue;
        issue.name = item.key();
        issue.discrete = true;
        WebIssue web;
        if (set.has("values") == set.has("range")) set.fail("expected exactly one of \"values\" (discrete) and \"range\" (numbers)");
        if (set.has("values")) {
            issue.unit = "option";
            Roster names(kMaxOptions, "value");
            for (const Node& v : set.child("values").array(2, "values"))
                if (const std::string problem = names.add(v.string(false)); !problem.empty()) v.fail(problem);
            issue.options = names.names();
        } else {
            read_range(set.child("range"), issue, web);
        }
        draft.issues.push_back(issue);
        issues.push_back(web);
    }
}

// The option a bid's value names, or the number it is (number issues).
std::size_t option_of(const Node& value, const DraftIssue& issue, const WebIssue& web) {
    if (web.number) {
        const double x = value.number();
        for (std::size_t o = 0; o < web.points.size(); ++o)
            if (std::abs(web.points[o] - x) <= tolerance::kImportedRounding * std::max(1.0, std::abs(x))) return o;
        value.fail(show(value.raw()) + " is not a value of issue " + quote_text(issue.name) + "; expected one of " + join_quoted(issue.options));
    }
    return lookup(value, value.string(), issue.options, "value");
}

DraftAgent read_profile(const Node& root, const Draft& draft, const std::vector<WebIssue>& issues, const json& domain, std::vector<std::string>& notes, const std::string& file) {
    root.object({"LinearAdditiveUtilitySpace"});
    const Node space = root.required("LinearAdditiveUtilitySpace");
    space.object({"issueUtilities", "issueWeights", "domain", "name", "reservationBid"});
    if (space.required("domain").raw() != domain)
        space.child("domain").fail("differs from the domain of the other files; every profile must be on the same domain");
    DraftAgent agent;
    agent.name = space.has("name") ? space.child("name").string(false) : name_from_file(file);
    const std::size_t n = draft.issues.size();
    std::vector<std::string> names;
    for (const DraftIssue& i : draft.issues) names.push_back(i.name);
    agent.ideal.assign(n, 0.0);
    agent.weights.assign(n, 0.0);
    agent.values.assign(n, DraftValue{});
    keyed_by(space.required("issueUtilities"), names, true, "issue", [&](std::size_t k, const Node& node) {
        const DraftIssue& issue = draft.issues[k];
        DraftValue& v = agent.values[k];
        v.kind = DraftValue::Kind::table;
        if (node.has("discreteutils")) {
            node.object({"discreteutils"});
            const Node d = node.child("discreteutils");
            d.object({"valueUtilities"});
            if (issues[k].number) d.fail("discrete utilities for the number issue " + quote_text(issue.name) + "; expected \"numberutils\"");
            v.table.assign(issue.options.size(), 0.0);
            keyed_by(d.required("valueUtilities"), issue.options, true, "value", [&](std::size_t o, const Node& u) {
                v.table[o] = u.number_in(0.0, 1.0, "a GeniusWeb utility lies in [0, 1]");
            });
            return;
        }
        node.object({"numberutils"});
        const Node u = node.required("numberutils");
        u.object({"lowValue", "lowUtility", "highValue", "highUtility"});
        if (!issues[k].number) u.fail("number utilities for the discrete issue " + quote_text(issue.name) + "; expected \"discreteutils\"");
        const double low = u.required("lowValue").number(), high = u.required("highValue").number();
        const double low_u = u.required("lowUtility").number_in(0.0, 1.0, "a GeniusWeb utility lies in [0, 1]");
        const double high_u = u.required("highUtility").number_in(0.0, 1.0, "a GeniusWeb utility lies in [0, 1]");
        if (low != issues[k].low || high != issues[k].high)
            u.fail("lowValue and highValue must be the range's low and high (" + format_number(issues[k].low) + ", " + format_number(issues[k].high) + "), as GeniusWeb requires");
        for (const double x : issues[k].points) v.table.push_back(quantised(low_u + (high_u - low_u) * (x - low) / (high - low)));
    });
    double sum = 0.0;
    keyed_by(space.required("issueWeights"), names, true, "issue", [&](std::size_t k, const Node& w) {
        agent.weights[k] = w.number_in(0.0, 1.0, "a GeniusWeb weight lies in [0, 1]");
        sum += agent.weights[k];
    });
    if (std::abs(sum - 1.0) > tolerance::kImportedRounding) space.child("issueWeights").fail("the weights sum to " + format_number(sum) + "; GeniusWeb requires them to sum to 1");
    if (space.has("reservationBid") && !space.child("reservationBid").raw().is_null()) {
        const Node bid = space.child("reservationBid");
        bid.object({"issuevalues"});
        double u = 0.0;
        keyed_by(bid.required("issuevalues"), names, false, "issue", [&](std::size_t k, const Node& value) {
            u += agent.weights[k] * agent.values[k].table[option_of(value, draft.issues[k], issues[k])];
        });
        agent.reservation = std::min(u, 1.0);
        agent.reservation_given = true;
        notes.push_back(agent.name + ": reservation value " + format_number(agent.reservation) + ", the utility of its reservation bid");
    }
    return agent;
}

std::string write_json(const nlohmann::ordered_json& j) { return j.dump(1, '\t') + "\n"; }

}  // namespace

Draft read_geniusweb(const std::vector<std::string>& files, const ImportOptions&) {
    Draft draft;
    draft.format = "geniusweb";
    std::vector<std::pair<std::string, json>> profiles;
    std::string domain_file;
    json domain;
    for (const std::string& file : files) {
        json doc = parse_json(read_file(file), file);
        if (doc.is_object() && doc.contains("issuesValues")) {
            if (!domain_file.empty()) throw InputError(file, "", "a second GeniusWeb domain (the first is " + domain_file + ")");
            domain_file = file;
            domain = std::move(doc);
        } else {
            profiles.emplace_back(file, std::move(doc));
        }
    }
    if (profiles.size() < 2) throw InputError(files.front(), "", "needs at least two GeniusWeb profiles (LinearAdditiveUtilitySpace), one per party");
    if (profiles.size() > kMaxAgents) throw InputError(files.front(), "", std::to_string(profiles.size()) + " profiles; negsim holds at most " + std::to_string(kMaxAgents) + " parties");
    std::string source = domain_file;
    if (domain_file.empty()) {  // the domain of the first profile
        const Node first(profiles[0].second, "", profiles[0].first);
        first.object({"LinearAdditiveUtilitySpace"});
        const Node space = first.required("LinearAdditiveUtilitySpace");
        domain = space.required("domain").raw();
        source = profiles[0].first;
    }
    std::vector<WebIssue> issues;
    const Node domain_node(domain, domain_file.empty() ? "/LinearAdditiveUtilitySpace/domain" : "", source);
    read_domain(domain_node, draft, issues);
    for (const auto& [file, doc] : profiles) draft.agents.push_back(read_profile(Node(doc, "", file), draft, issues, domain, draft.notes, file));
    draft.description = "GeniusWeb domain " + domain.at("name").get<std::string>() + ", " + std::to_string(profiles.size()) + " profiles.";
    draft.notes.insert(draft.notes.begin(), "geniusweb: number issues became discrete issues of their values, utilities rounded to 8 decimals as GeniusWeb does; no discount (the format has none)");
    return draft;
}

Exported write_geniusweb(const Scenario& s, const std::string& file) {
    refuse_links(s, file, "GeniusWeb");
    using ordered = nlohmann::ordered_json;
    ordered domain = {{"name", s.name}, {"issuesValues", ordered::object()}};
    for (std::size_t k = 0; k < s.issues.size(); ++k) {
        if (!s.issues[k].discrete)
            throw InputError(file, "/issues/" + std::to_string(k), "issue " + quote_text(s.issues[k].id) +
                                                                      " is continuous; GeniusWeb's number issues are a grid (low, high, step), so only discrete issues can be written");
        domain["issuesValues"][s.issues[k].id] = {{"values", s.issues[k].options}};
    }
    Exported out;
    out.files.emplace_back(s.name + "-domain.json", write_json(domain));
    bool reserved = false, discounted = false;
    for (std::size_t i = 0; i < s.agents.size(); ++i) {
        const Agent& a = s.agents[i];
        ordered utilities = ordered::object(), weights = ordered::object();
        for (std::size_t k = 0; k < s.issues.size(); ++k) {
            ordered table = ordered::object();
            for (std::size_t o = 0; o < s.issues[k].options.size(); ++o) table[s.issues[k].options[o]] = value_at(s, i, k, static_cast<double>(o));
            utilities[s.issues[k].id] = {{"discreteutils", {{"valueUtilities", table}}}};
            weights[s.issues[k].id] = a.weights[k];
        }
        ordered profile = {{"LinearAdditiveUtilitySpace",
                            {{"issueUtilities", utilities}, {"issueWeights", weights}, {"domain", domain}, {"name", a.id}, {"reservationBid", nullptr}}}};
        out.files.emplace_back(a.id + ".json", write_json(profile));
        reserved = reserved || a.reservation > 0.0;
        discounted = discounted || a.discount != 1.0;
    }
    note_dropped(s, out.notes, false, false, true);
    if (reserved) out.notes.push_back("geniusweb: GeniusWeb holds a reservation bid, not a value; the reservation values were not written (reservationBid null)");
    if (discounted) out.notes.push_back("dropped: the discount factors (GeniusWeb profiles have none)");
    out.notes.push_back("geniusweb: issue ids became GeniusWeb issue names (labels and units dropped)");
    return out;
}

}  // namespace negsim::interop
