/// <reference lib="dom" />
/**
 * The customer page's rendering of the relay's rating request (a custom message sent when the case closes): 1-5 star
 * buttons and a comment, posted with the request's one-time token to `POST /v1/ratings`. Text only (no innerHTML).
 */
import { api, errorMessage, h } from './dom.js';

export interface RatingRequest {
    type: 'tim-rating-request';
    caseId: string;
    token: string;
    expiresAt: number;
}

/** The rating request in a custom element's data, or null when it is something else. */
export function parseRatingRequest(data: string): RatingRequest | null {
    try {
        const d = JSON.parse(data) as Partial<RatingRequest>;
        if (d.type !== 'tim-rating-request' || typeof d.token !== 'string' || typeof d.caseId !== 'string') return null;
        return { type: d.type, caseId: d.caseId, token: d.token, expiresAt: Number(d.expiresAt) || 0 };
    } catch {
        return null;
    }
}

/** Answers sent from this page, by token (a re-render keeps the thank-you). */
const sent = new Map<string, number>();

export function renderRatingRequest(r: RatingRequest): HTMLElement {
    const box = h('div', { className: 'rating', 'data-rating-case': r.caseId });
    const done = (score: number) =>
        box.replaceChildren(
            h('p', { className: 'rating-thanks', text: `Thank you! You rated this chat ${score} of 5.` }),
        );
    const already = sent.get(r.token);
    if (already !== undefined) {
        done(already);
        return box;
    }
    if (r.expiresAt > 0 && r.expiresAt < Date.now()) {
        box.append(h('p', { text: 'This rating request has expired.' }));
        return box;
    }
    let score = 0;
    const stars = [1, 2, 3, 4, 5].map((n) =>
        h('button', {
            type: 'button',
            className: 'rating-star',
            'data-score': n,
            'aria-label': `${n} star${n > 1 ? 's' : ''}`,
            'aria-pressed': 'false',
            text: '☆',
        }),
    );
    const comment = h('textarea', {
        className: 'rating-comment',
        maxlength: 1000,
        rows: 2,
        placeholder: 'Comment (optional)',
    });
    const submit = h('button', { type: 'submit', className: 'rating-submit', disabled: true, text: 'Send rating' });
    const error = h('p', { className: 'rating-error', role: 'alert' });
    stars.forEach((b, i) =>
        b.addEventListener('click', () => {
            score = i + 1;
            stars.forEach((s, j) => {
                s.textContent = j < score ? '★' : '☆';
                s.setAttribute('aria-pressed', String(j < score));
            });
            submit.disabled = false;
        }),
    );
    const form = h(
        'form',
        { className: 'rating-form' },
        h('p', { text: 'How did we do?' }),
        h('div', { className: 'rating-stars', role: 'group', 'aria-label': 'Rating' }, ...stars),
        comment,
        submit,
        error,
    );
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (score < 1) return;
        submit.disabled = true;
        error.textContent = '';
        api('POST', '/v1/ratings', { token: r.token, score, comment: comment.value.trim() })
            .then(() => {
                sent.set(r.token, score);
                done(score);
            })
            .catch((e: unknown) => {
                const code = (e as { code?: string }).code;
                if (code === 'ALREADY_RATED')
                    box.replaceChildren(h('p', { text: 'This chat has already been rated.' }));
                else {
                    error.textContent = `Could not send the rating: ${errorMessage(e)}`;
                    submit.disabled = false;
                }
            });
    });
    box.append(form);
    return box;
}
