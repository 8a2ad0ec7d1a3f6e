// The cluster layer in one process: a Cluster that no MPI launcher started (a job of one, MPI untouched), and the
// distributed runner in a job of one. The runs over several ranks are compared with
// one process by tests/mpi_identical.sh (CTest mpi_run_identical, in an MPI build).
#include "cluster/cluster.hpp"
#include "cluster/distributed_run.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

using namespace negsim;

TEST_CASE("A process no MPI launcher started is a job of one", "[cluster]") {
    REQUIRE_FALSE(Cluster::launched_by_mpi());  // the test suite runs alone
    Cluster cluster;
    CHECK(cluster.rank() == 0);
    CHECK(cluster.size() == 1);
    CHECK(cluster.root());
    CHECK(cluster.broadcast("settings") == "settings");
    CHECK_FALSE(cluster.poll(3).has_value());
    cluster.barrier();
    CHECK_THROWS_AS(cluster.send(0, 1, "x"), std::invalid_argument);  // nobody else to send to
    CHECK_THROWS_AS(cluster.send(1, 1, "x"), std::invalid_argument);
    CHECK_THROWS_AS(cluster.receive(1), std::logic_error);            // would wait forever
    CHECK_THROWS_AS(cluster.poll(-1), std::invalid_argument);
    CHECK_THROWS_AS(cluster.poll(Cluster::kMaxTag + 1), std::invalid_argument);
}

TEST_CASE("The distributed runner in a job of one is the runner, with the probe on the first probe_samples samples", "[cluster]") {
    const Scenario s = load_scenario(test::source_path("scenarios/example-small.json"));
    RunOptions options;
    options.first_sample = 5;
    options.samples = 300;
    options.seed = 3;
    options.threads = 2;
    options.chunk = 64;
    std::vector<std::uint64_t> expected_first, got_first;
    std::vector<int> expected_rounds, got_rounds;
    run_monte_carlo(s, options, [&](std::uint64_t first, std::span<const Outcome> outcomes) {
        expected_first.push_back(first);
        for (const Outcome& o : outcomes) expected_rounds.push_back(o.rounds);
    });
    Cluster cluster;
    std::mutex lock;
    std::set<std::uint64_t> probed;
    std::vector<std::uint64_t> progress;
    run_distributed(
        cluster, s, options,
        [&](std::uint64_t first, std::span<const Outcome> outcomes) {
            got_first.push_back(first);
            for (const Outcome& o : outcomes) got_rounds.push_back(o.rounds);
        },
        [&](std::uint64_t done, std::uint64_t total) {
            progress.push_back(done);
            CHECK(total == 300);
            return false;
        },
        [&](std::uint64_t sample, const Parameters&) {
            const std::lock_guard guard(lock);
            probed.insert(sample);
        },
        70);
    CHECK(got_first == expected_first);
    CHECK(got_rounds == expected_rounds);
    CHECK(progress == std::vector<std::uint64_t>{64, 128, 192, 256, 300});
    REQUIRE(probed.size() == 70);  // samples 5 to 74, each once
    CHECK(*probed.begin() == 5);
    CHECK(*probed.rbegin() == 74);
}
