// The cluster layer in one process: which rank computes which chunk, a Cluster that no MPI launcher started (a job
// of one, MPI untouched), and the distributed runner in a job of one. The runs over several ranks are compared with
// one process by tests/mpi_identical.sh (CTest mpi_run_identical, in an MPI build).
#include "cluster/cluster.hpp"
#include "cluster/distributed_run.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

using namespace negsim;

TEST_CASE("Chunks holding probed samples stay on rank 0; the others go round the ranks from rank 1", "[cluster]") {
    // 1000 probed samples in chunks of 4096: chunk 0 only.
    CHECK(chunk_owner(0, 4096, 1000, 2) == 0);
    CHECK(chunk_owner(1, 4096, 1000, 2) == 1);
    CHECK(chunk_owner(2, 4096, 1000, 2) == 0);
    CHECK(chunk_owner(3, 4096, 1000, 2) == 1);
    // 5000 probed samples: sample 4999 is in chunk 1, which must be rank 0's too.
    CHECK(chunk_owner(1, 4096, 5000, 2) == 0);
    CHECK(chunk_owner(2, 4096, 5000, 3) == 1);
    CHECK(chunk_owner(3, 4096, 5000, 3) == 2);
    CHECK(chunk_owner(4, 4096, 5000, 3) == 0);
    // Exactly two chunks' worth: chunk 2 holds none of them.
    CHECK(chunk_owner(2, 4096, 8192, 2) == 1);
    // No probe: rank 1 starts; every sample probed: all on rank 0 (no overflow); one rank: all its own.
    CHECK(chunk_owner(0, 4096, 0, 2) == 1);
    CHECK(chunk_owner(7, 4096, std::numeric_limits<std::uint64_t>::max(), 4) == 0);
    for (std::uint64_t c = 0; c < 10; ++c) CHECK(chunk_owner(c, 100, 0, 1) == 0);
}

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
