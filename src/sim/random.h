#pragma once
// Random numbers for the simulator: a small, fast generator (xoshiro256**) and the
// distributions the scenarios use, written out so that a seed gives the same run on
// every platform (std:: distributions are implementation-defined).

#include <cmath>
#include <cstdint>
#include <vector>

namespace hotline::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    // splitmix64 spreads any seed (even 0) over the whole state.
    for (auto& word : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in (0, 1]: never 0, so log() is always finite.
  double uniform() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
  double exponential(double mean) { return -mean * std::log(uniform()); }
  double standard_normal() {
    // Box-Muller; one of the pair is enough for our rates of use.
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// A positive random duration in seconds.
class Sampler {
 public:
  enum class Kind { kExponential, kLogNormal, kFixed, kEmpirical, kNever };

  static Sampler exponential(double mean_s) { return Sampler(Kind::kExponential, mean_s, 0); }
  static Sampler fixed(double s) { return Sampler(Kind::kFixed, s, 0); }
  static Sampler never() { return Sampler(Kind::kNever, 0, 0); }
  // Log-normal with the given mean and standard deviation (not of the logarithm).
  static Sampler log_normal(double mean_s, double sd_s) {
    const double sigma2 = std::log(1.0 + (sd_s * sd_s) / (mean_s * mean_s));
    return Sampler(Kind::kLogNormal, std::log(mean_s) - sigma2 / 2, std::sqrt(sigma2));
  }
  static Sampler empirical(std::vector<double> samples_s) {
    Sampler s(Kind::kEmpirical, 0, 0);
    s.samples_ = std::move(samples_s);
    return s;
  }

  double sample(Rng& rng) const {
    switch (kind_) {
      case Kind::kExponential:
        return rng.exponential(a_);
      case Kind::kLogNormal:
        return std::exp(a_ + b_ * rng.standard_normal());
      case Kind::kFixed:
        return a_;
      case Kind::kEmpirical:
        return samples_[rng.below(samples_.size())];
      case Kind::kNever:
        return INFINITY;
    }
    return 0;
  }
  Kind kind() const { return kind_; }

 private:
  Sampler(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
  Kind kind_;
  double a_, b_;  // mean, or the log-normal's mu and sigma
  std::vector<double> samples_;
};

}  // namespace hotline::sim
