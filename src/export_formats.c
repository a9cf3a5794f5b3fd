/* The table of export formats (export.h), built from EXPORT_FORMAT_LIST. */
#include "export.h"

#include <string.h>

#include "markdown.h"

const struct export_format export_formats[] = {
#define EXPORT_ROW_(name, writer, honours, defaults, help) \
	{ name, writer, honours, defaults, help },
	EXPORT_FORMAT_LIST(EXPORT_ROW_)
#undef EXPORT_ROW_
};

const size_t export_nformats = sizeof export_formats / sizeof export_formats[0];

const struct export_format *export_format_find(const char *name)
{
	for (size_t i = 0; i < export_nformats; i++)
		if (strcmp(export_formats[i].name, name) == 0)
			return &export_formats[i];
	return NULL;
}
