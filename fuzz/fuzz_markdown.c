/* libFuzzer target: the Markdown importer (lectern import). Every input is
 * either converted, without an error, into INI text that loads as a deck
 * without an error and that holds nothing the sanitising writer would
 * change (no raw control or bidirectional character, no invalid byte), or
 * refused with at least one error. Any crash, leak,
 * sanitizer report, or input slower than fuzz/run's -timeout (the importer
 * must be linear) is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "markdown.h"
#include "textclass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags;
	diag_list_init(&diags);
	char *ini = markdown_import("fuzz.md", (const char *)data, size, &diags);
	if (!ini && diags.nerrors == 0)
		abort(); /* a refusal must say why */
	if (ini) {
		if (diags.nerrors != 0)
			abort(); /* converted, yet an error */
		size_t n = strlen(ini);
		struct strbuf safe = { 0 };
		text_sanitize(&safe, ini, n, TEXT_KEEP_NL | TEXT_KEEP_TAB);
		if (safe.len != n || memcmp(safe.s, ini, n) != 0)
			abort(); /* lectern import's writer would change it */
		free(safe.s);
		struct diag_list back;
		diag_list_init(&back);
		struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
								     .name = "fuzz.ini",
								     .bytes = ini,
								     .len = strlen(ini) },
					   NULL, &back);
		if (!d || back.nerrors != 0)
			abort(); /* what import writes must load */
		deck_free(d);
		diag_list_release(&back);
		free(ini);
	}
	diag_list_release(&diags);
	return 0;
}
