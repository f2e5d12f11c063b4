#include "store/stores.h"

#include <filesystem>

namespace hotline::store {

std::string database_path(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "hotline.db").string();
}

}  // namespace hotline::store
