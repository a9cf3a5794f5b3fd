/* The socket folder and the names in it (see include/session.h): where
 * the folder is, the checks that make it safe to use (a real directory of
 * ours that nobody else may enter), session names, and the socket path of
 * a deck and session, escaped and shortened with a hash to fit
 * sockaddr_un. */
#include "session_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xalloc.h"

enum session_err session_check_dir_err(const char *dir, struct diag_list *diags)
{
	struct stat st;
	if (lstat(dir, &st) < 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot use the socket folder: %s",
			 strerror(errno));
		return SESSION_ERR_NO_DIR;
	}
	if (S_ISLNK(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is a symbolic link; refusing to follow it");
		return SESSION_ERR_DIR_LINK;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "socket folder is not a directory");
		return SESSION_ERR_DIR_NOT_DIR;
	}
	if (st.st_uid != geteuid()) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is owned by uid %u, not by you (uid %u); "
			 "refusing to use it",
			 (unsigned)st.st_uid, (unsigned)geteuid());
		return SESSION_ERR_DIR_OWNER;
	}
	if (st.st_mode & 077) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is open to group or others (mode %04o); refusing to use "
			 "it (chmod 700 fixes it)",
			 (unsigned)(st.st_mode & 07777));
		return SESSION_ERR_DIR_PERM;
	}
	return SESSION_OK;
}

int session_check_dir(const char *dir, struct diag_list *diags)
{
	return session_check_dir_err(dir, diags) == SESSION_OK ? 0 : -1;
}

enum session_err session_dir_err(char **out, struct diag_list *diags)
{
	*out = NULL;
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char *dir;
	if (xdg && xdg[0] == '/')
		dir = xasprintf("%s/lectern", xdg);
	else
		dir = xasprintf("/tmp/lectern-%u", (unsigned)geteuid());
	if (mkdir(dir, 0700) == 0) {
		if (chmod(dir, 0700) < 0) {
			diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot set the folder's mode: %s",
				 strerror(errno));
			free(dir);
			return SESSION_ERR_NO_DIR;
		}
	} else if (errno != EEXIST) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot create the socket folder: %s",
			 strerror(errno));
		free(dir);
		return SESSION_ERR_NO_DIR;
	}
	enum session_err e = session_check_dir_err(dir, diags);
	if (e != SESSION_OK) {
		free(dir);
		return e;
	}
	*out = dir;
	return SESSION_OK;
}

char *session_dir(struct diag_list *diags)
{
	char *dir;
	session_dir_err(&dir, diags);
	return dir;
}

enum session_err session_check_name_err(const char *name, struct diag_list *diags)
{
	size_t n = strlen(name);
	if (n == 0 || n > SESSION_NAME_MAX) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR,
			 "session name must have 1 to %u characters", (unsigned)SESSION_NAME_MAX);
		return SESSION_ERR_NAME;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= 0x20 || c >= 0x7f || c == '/') {
			diag_add(diags, "lectern", 0, 0, SEV_ERROR,
				 "session name '%s' may only hold printable ASCII without "
				 "spaces or '/'",
				 name);
			return SESSION_ERR_NAME;
		}
	}
	return SESSION_OK;
}

int session_check_name(const char *name, struct diag_list *diags)
{
	return session_check_name_err(name, diags) == SESSION_OK ? 0 : -1;
}

static void esc_append(char *out, size_t *len, size_t cap, const char *s, bool first)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    (c == '.' && !(first && i == 0));
		if (keep && *len + 1 < cap) {
			out[(*len)++] = (char)c;
		} else if (!keep && *len + 3 < cap) {
			out[(*len)++] = '%';
			out[(*len)++] = hex[c >> 4];
			out[(*len)++] = hex[c & 15];
		} else {
			break;
		}
	}
	out[*len] = '\0';
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

char *session_socket_path(const char *dir, const char *deck_id, const char *session)
{
	size_t dlen = strlen(dir);
	if (dlen > SESSION_DIR_MAX)
		return NULL;
	if (!session)
		session = "";
	struct sockaddr_un sa;
	char name[3 * (PROTO_ID_MAX + PROTO_NAME_MAX) + 16];
	size_t len = 0;
	esc_append(name, &len, sizeof name, deck_id, true);
	if (session[0]) {
		name[len++] = '@';
		esc_append(name, &len, sizeof name, session, false);
	}
	/* room for the name: dir, '/', ".sock", NUL */
	size_t room = sizeof sa.sun_path - dlen - 1 - 5 - 1;
	if (len > room) {
		uint64_t h = fnv1a(14695981039346656037ull, deck_id, strlen(deck_id) + 1);
		h = fnv1a(h, session, strlen(session));
		size_t keep = room - 17;
		while (keep > 0 && name[keep - 1] == '%')
			keep--;
		if (keep >= 2 && name[keep - 2] == '%')
			keep -= 2;
		char tail[20];
		snprintf(tail, sizeof tail, "~%016llx", (unsigned long long)h);
		memcpy(name + keep, tail, 17);
		len = keep + 17;
		name[len] = '\0';
	}
	return xasprintf("%s/%s.sock", dir, name);
}
