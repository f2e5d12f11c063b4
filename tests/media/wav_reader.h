#pragma once
// Reads the stereo 16-bit WAV files the recorder writes, for tests: the header's fields
// and the samples its data size covers.

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace hotline::media {

struct Wav {
  int channels = 0, rate = 0, bits = 0;
  std::uint32_t data_bytes = 0;
  std::vector<std::int16_t> left, right;
};

inline std::uint32_t le32(const std::uint8_t* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

inline Wav read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)), {});
  Wav w;
  if (b.size() < 44 || std::memcmp(b.data(), "RIFF", 4) != 0) return w;
  w.channels = b[22] | (b[23] << 8);
  w.rate = static_cast<int>(le32(&b[24]));
  w.bits = b[34] | (b[35] << 8);
  w.data_bytes = le32(&b[40]);
  for (std::size_t i = 44; i + 3 < 44 + std::min<std::size_t>(w.data_bytes, b.size() - 44);
       i += 4) {
    w.left.push_back(static_cast<std::int16_t>(b[i] | (b[i + 1] << 8)));
    w.right.push_back(static_cast<std::int16_t>(b[i + 2] | (b[i + 3] << 8)));
  }
  return w;
}

}  // namespace hotline::media
