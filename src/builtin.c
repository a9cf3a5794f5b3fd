#include "builtin.h"

#include <string.h>

#include "xalloc.h"

#define DECLARE(sym)                                      \
	extern const char sym##_str[];                    \
	extern const size_t sym##_nsecs, sym##_nkeys;     \
	extern const uint64_t sym##_hash;                 \
	extern const struct builtin_ini_sec sym##_secs[]; \
	extern const struct builtin_ini_key sym##_keys[]
#define DECK(file, lang, sym)                                                           \
	(struct builtin_deck)                                                           \
	{                                                                               \
		file, lang, sym##_hash, sym##_str, sym##_secs, sym##_nsecs, sym##_keys, \
			sym##_nkeys                                                     \
	}

DECLARE(builtin_talk_zh);
DECLARE(builtin_talk_en);

int builtin_find(const char *lang, struct builtin_deck *out)
{
	if (!lang || strcmp(lang, "zh") == 0) {
		*out = DECK("talk.zh.ini", "zh", builtin_talk_zh);
		return 0;
	}
	if (strcmp(lang, "en") == 0) {
		*out = DECK("talk.en.ini", "en", builtin_talk_en);
		return 0;
	}
	return -1;
}

void builtin_ini(const struct builtin_deck *b, struct ini_file *f)
{
	f->nkeys = b->nkeys;
	f->keys = xcalloc(b->nkeys ? b->nkeys : 1, sizeof *f->keys);
	for (size_t i = 0; i < b->nkeys; i++) {
		const struct builtin_ini_key *k = &b->keys[i];
		f->keys[i] = (struct ini_key){ .name = b->str + k->name,
					       .value = b->str + k->value,
					       .line = k->line,
					       .col = k->col,
					       .vcol = k->vcol,
					       .quoted = (int)k->quoted,
					       .sec = k->sec,
					       .raw = k->raw ? b->str + k->raw - 1 : NULL };
	}
	f->nsecs = b->nsecs;
	f->secs = xcalloc(b->nsecs ? b->nsecs : 1, sizeof *f->secs);
	for (size_t i = 0; i < b->nsecs; i++) {
		const struct builtin_ini_sec *s = &b->secs[i];
		f->secs[i] = (struct ini_section){
			b->str + s->name, s->line, s->col, s->nkeys ? f->keys + s->first_key : NULL,
			s->nkeys,         false
		};
	}
}
