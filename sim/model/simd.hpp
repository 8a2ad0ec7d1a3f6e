// Elementwise loops built twice: for x86-64 CPUs with AVX2 (four doubles per instruction) and for any x86-64 (two),
// the one to run picked once when the program loads (GCC's target_clones). The operations and their order are the
// same in both, and neither contracts a multiply and an add (AVX2 brings no FMA; the build sets -ffp-contract=off),
// so both give the same bits. Elsewhere (another compiler or CPU family) the attribute is empty.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define NEGSIM_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NEGSIM_VECTOR_CLONES
#endif
