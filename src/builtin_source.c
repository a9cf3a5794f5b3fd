/* The built-in talk's source bytes, apart from builtin.c so that only what
 * calls builtin_source() (tests, benchmarks) links them. */
#include "builtin.h"

#include <string.h>

extern const char builtin_talk_zh_src[], builtin_talk_en_src[];
extern const size_t builtin_talk_zh_src_len, builtin_talk_en_src_len;

int builtin_source(const char *lang, const char **bytes, size_t *len)
{
	if (!lang || strcmp(lang, "zh") == 0) {
		*bytes = builtin_talk_zh_src;
		*len = builtin_talk_zh_src_len;
		return 0;
	}
	if (strcmp(lang, "en") == 0) {
		*bytes = builtin_talk_en_src;
		*len = builtin_talk_en_src_len;
		return 0;
	}
	return -1;
}
