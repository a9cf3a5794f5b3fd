#include "builtin.h"

#include <string.h>

extern const char builtin_talk_zh[], builtin_talk_en[];
extern const size_t builtin_talk_zh_len, builtin_talk_en_len;

int builtin_find(const char *lang, struct builtin_deck *out)
{
	if (!lang || strcmp(lang, "zh") == 0) {
		*out = (struct builtin_deck){ "talk.zh.ini", "zh", builtin_talk_zh,
					      builtin_talk_zh_len };
		return 0;
	}
	if (strcmp(lang, "en") == 0) {
		*out = (struct builtin_deck){ "talk.en.ini", "en", builtin_talk_en,
					      builtin_talk_en_len };
		return 0;
	}
	return -1;
}
