/* libFuzzer target: the rehearsal record reader. Every input is either
 * parsed, and then formats back to text that parses to the same text, or
 * refused with exactly one warning. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct record r;
	if (record_parse(&r, "fuzz.rehearsal", (const char *)data, size, &diags) == 0) {
		if (diags.n != 0)
			abort();
		char *text = record_format(&r);
		struct record again;
		if (record_parse(&again, "again", text, strlen(text), &diags) != 0)
			abort(); /* what we write we must read */
		char *text2 = record_format(&again);
		if (strcmp(text, text2) != 0)
			abort();
		free(text);
		free(text2);
		record_release(&again);
		record_release(&r);
	} else if (diags.n != 1) {
		abort();
	}
	diag_list_release(&diags);
	return 0;
}
