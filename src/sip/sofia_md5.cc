// md5_hex on sofia-sip's MD5 (the only place outside the SIP stack glue that needs it).

#include <sofia-sip/su_md5.h>

#include "sip/digest.h"

namespace hotline::sip {

std::string md5_hex(std::string_view data) {
  su_md5_t ctx;
  su_md5_init(&ctx);
  su_md5_update(&ctx, data.data(), data.size());
  char hex[SU_MD5_DIGEST_SIZE * 2 + 1];
  su_md5_hexdigest(&ctx, hex);
  return std::string(hex, SU_MD5_DIGEST_SIZE * 2);
}

}  // namespace hotline::sip
