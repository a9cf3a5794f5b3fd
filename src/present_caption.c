/* The controller's part of live captions (present.h): what comes from
 * --captions FILE each pass, and when the loop must wake for it. Kept out
 * of present.c so that the caption rules sit in one short file. */
#include "caption.h"
#include "nav.h"
#include "present.h"
#include "session.h"

unsigned present_captions(struct present *p)
{
	unsigned react = REACT_NONE;
	if (p->captions && caption_source_read(p->captions, &p->caption, p->now_ms) > 0)
		react |= REACT_REDRAW;
	if (caption_expire(&p->caption, p->now_ms))
		react |= REACT_REDRAW;
	/* followers get every change, whether c hid them here or not */
	if (react && p->srv)
		session_server_caption(p->srv, p->caption.len ? p->caption.text : "");
	return p->nav.captions_off ? REACT_NONE : react;
}

/* The smaller of two waits, -1 meaning none. */
static int sooner(int a, int b)
{
	if (a < 0)
		return b;
	return b >= 0 && b < a ? b : a;
}

int present_caption_wait(const struct present *p, int wait)
{
	if (!p->captions)
		return wait;
	wait = sooner(wait, caption_source_wait_ms(p->captions, p->now_ms));
	return sooner(wait, caption_wait_ms(&p->caption, p->now_ms));
}
