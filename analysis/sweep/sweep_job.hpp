// Running a sweep's points as a job: in one process, as one shard of a Slurm job array (--shard i/n), or over the
// ranks of an MPI job; resumed from its journal after an interruption; and shards merged into the final files
// (docs/sweeps.md, "Resuming", "Shards" and "Clusters"). Rank 0 alone reads and writes files.
#pragma once

#include "cluster/cluster.hpp"
#include "analysis/sweep/sweep.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace negsim {

struct SweepJob {
    std::filesystem::path out;
    bool resume = false;       // continue the journal in `out` (without it, an unfinished journal there is an error)
    std::size_t shard = 0;     // this job runs the points p with p mod shards == shard
    std::size_t shards = 1;
    unsigned threads = 1;      // per process
};

struct SweepProgress {
    std::size_t points_done = 0, points_total = 0;      // of this job (resumed points count as done)
    std::uint64_t samples_done = 0, samples_total = 0;  // negotiations, of this job
};

struct SweepJobResult {
    std::size_t points = 0;    // the points of this job (its shard)
    std::size_t resumed = 0;   // found finished in the journal
    bool complete = false;     // the final files were written (false for a shard: its journal waits for negsim merge)
    std::filesystem::path journal;
    std::vector<double> agreement;  // when complete: each point's agreement probability, in point order
    std::vector<std::string> warnings;  // when complete: sweep.json's warnings
};

// The journal's file name in the output folder: sweep.journal, or shard-I-of-N.journal.
[[nodiscard]] std::string journal_name(std::size_t shard, std::size_t shards);

// Runs the job's unfinished points. Throws InputError for an unfinished journal without --resume, or one that belongs
// to another sweep.
SweepJobResult run_sweep_job(const SweepPlan& plan, const SweepJob& job, Cluster& cluster,
                             const std::function<void(const SweepProgress&)>& progress = {});

// negsim merge: the journals in `inputs` (files, or folders whose *.journal files are taken) must be of one sweep and
// hold every point between them; writes the same final files as one uninterrupted process. Returns the point count;
// sweep.json's warnings into `warnings` when given.
std::size_t merge_sweep(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out,
                        std::vector<std::string>* warnings = nullptr);

}  // namespace negsim
