import { soqlError, tokenize } from './soql-lexer.js';
import type { Token } from './soql-lexer.js';

export interface FieldPath {
    /** e.g. ['Owner', 'Name'] */
    path: string[];
    pos: number;
}

export type Literal =
    | { kind: 'string'; value: string; pos: number }
    | { kind: 'number'; value: number; pos: number }
    | { kind: 'boolean'; value: boolean; pos: number }
    | { kind: 'null'; pos: number }
    /** a date literal, date-function literal or datetime literal: the half-open range [start, end) in epoch ms */
    | {
          kind: 'temporal';
          literalType: 'date' | 'datetime' | 'function';
          start: number;
          end: number;
          text: string;
          pos: number;
      };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
    | { kind: 'and'; parts: Condition[] }
    | { kind: 'or'; parts: Condition[] }
    | { kind: 'not'; inner: Condition }
    | { kind: 'compare'; field: FieldPath; op: ComparisonOp; value: Literal }
    | { kind: 'in'; field: FieldPath; negated: boolean; values: Literal[] }
    | { kind: 'like'; field: FieldPath; pattern: Literal };

export interface OrderItem {
    field: FieldPath;
    descending: boolean;
    nullsFirst: boolean;
}

export interface SoqlQuery {
    /** 'count' for SELECT COUNT() */
    select: FieldPath[] | 'count';
    from: { name: string; pos: number };
    where?: Condition;
    orderBy: OrderItem[];
    limit?: number;
    offset?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfUtcDay(ms: number): number {
    return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Recursive-descent parser for the SOQL subset the fake supports. Dates use UTC. */
class Parser {
    private index = 0;

    constructor(
        private readonly query: string,
        private readonly tokens: Token[],
        private readonly nowMs: number,
    ) {}

    private peek(offset = 0): Token {
        return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
    }

    private next(): Token {
        const token = this.peek();
        if (this.index < this.tokens.length - 1) this.index += 1;
        return token;
    }

    private fail(token: Token, message?: string): never {
        throw soqlError(
            'MALFORMED_QUERY',
            this.query,
            token.pos,
            message ?? (token.kind === 'eof' ? 'unexpected end of query' : `unexpected token: '${token.text}'`),
        );
    }

    private isKeyword(word: string, offset = 0): boolean {
        const token = this.peek(offset);
        return token.kind === 'ident' && token.text.toUpperCase() === word;
    }

    private expectKeyword(word: string): Token {
        if (!this.isKeyword(word)) this.fail(this.peek(), `expecting '${word}', found '${this.peek().text || 'EOF'}'`);
        return this.next();
    }

    private expectPunct(ch: string): Token {
        const token = this.peek();
        if (token.kind !== 'punct' || token.text !== ch)
            this.fail(token, `expecting '${ch}', found '${token.text || 'EOF'}'`);
        return this.next();
    }

    parse(): SoqlQuery {
        this.expectKeyword('SELECT');
        let select: SoqlQuery['select'];
        if (this.isKeyword('COUNT') && this.peek(1).text === '(') {
            this.next();
            this.expectPunct('(');
            if (this.peek().text !== ')')
                this.fail(this.peek(), 'the fake supports COUNT() only, not aggregate functions');
            this.expectPunct(')');
            select = 'count';
        } else {
            const fields: FieldPath[] = [this.fieldPath()];
            while (this.peek().text === ',') {
                this.next();
                fields.push(this.fieldPath());
            }
            select = fields;
        }
        this.expectKeyword('FROM');
        const fromToken = this.next();
        if (fromToken.kind !== 'ident') this.fail(fromToken);
        const query: SoqlQuery = { select, from: { name: fromToken.text, pos: fromToken.pos }, orderBy: [] };
        if (this.isKeyword('WHERE')) {
            this.next();
            query.where = this.condition();
        }
        if (this.isKeyword('ORDER')) {
            this.next();
            this.expectKeyword('BY');
            query.orderBy.push(this.orderItem());
            while (this.peek().text === ',') {
                this.next();
                query.orderBy.push(this.orderItem());
            }
        }
        if (this.isKeyword('LIMIT')) {
            this.next();
            query.limit = this.nonNegativeInteger();
        }
        if (this.isKeyword('OFFSET')) {
            this.next();
            query.offset = this.nonNegativeInteger();
        }
        if (this.peek().kind !== 'eof') this.fail(this.peek());
        return query;
    }

    private nonNegativeInteger(): number {
        const token = this.next();
        if (token.kind !== 'number' || !Number.isInteger(token.value) || (token.value as number) < 0)
            this.fail(token, 'expecting a non-negative integer');
        return token.value as number;
    }

    private fieldPath(): FieldPath {
        const first = this.next();
        if (first.kind !== 'ident') this.fail(first);
        const path = [first.text];
        while (this.peek().text === '.') {
            this.next();
            const part = this.next();
            if (part.kind !== 'ident') this.fail(part);
            path.push(part.text);
        }
        return { path, pos: first.pos };
    }

    private orderItem(): OrderItem {
        const field = this.fieldPath();
        let descending = false;
        if (this.isKeyword('ASC')) this.next();
        else if (this.isKeyword('DESC')) {
            this.next();
            descending = true;
        }
        let nullsFirst = !descending;
        if (this.isKeyword('NULLS')) {
            this.next();
            if (this.isKeyword('FIRST')) nullsFirst = true;
            else if (this.isKeyword('LAST')) nullsFirst = false;
            else this.fail(this.peek());
            this.next();
        }
        return { field, descending, nullsFirst };
    }

    /** condition := term ((AND term)* | (OR term)*) — mixing AND and OR needs parentheses, as in SOQL. */
    private condition(): Condition {
        const first = this.term();
        if (!this.isKeyword('AND') && !this.isKeyword('OR')) return first;
        const joiner = this.peek().text.toUpperCase() as 'AND' | 'OR';
        const parts = [first];
        while (this.isKeyword(joiner)) {
            this.next();
            parts.push(this.term());
        }
        if (this.isKeyword(joiner === 'AND' ? 'OR' : 'AND')) this.fail(this.peek());
        return joiner === 'AND' ? { kind: 'and', parts } : { kind: 'or', parts };
    }

    private term(): Condition {
        if (this.isKeyword('NOT')) {
            this.next();
            return { kind: 'not', inner: this.term() };
        }
        if (this.peek().text === '(') {
            this.next();
            const inner = this.condition();
            this.expectPunct(')');
            return inner;
        }
        const field = this.fieldPath();
        if (this.isKeyword('IN') || (this.isKeyword('NOT') && this.isKeyword('IN', 1))) {
            const negated = this.isKeyword('NOT');
            if (negated) this.next();
            this.next();
            this.expectPunct('(');
            const values: Literal[] = [this.literal()];
            while (this.peek().text === ',') {
                this.next();
                values.push(this.literal());
            }
            this.expectPunct(')');
            return { kind: 'in', field, negated, values };
        }
        if (this.isKeyword('LIKE')) {
            this.next();
            return { kind: 'like', field, pattern: this.literal() };
        }
        const op = this.next();
        if (op.kind !== 'op') this.fail(op);
        return { kind: 'compare', field, op: op.text as ComparisonOp, value: this.literal() };
    }

    private literal(): Literal {
        const token = this.next();
        switch (token.kind) {
            case 'string':
                return { kind: 'string', value: token.value as string, pos: token.pos };
            case 'number':
                return { kind: 'number', value: token.value as number, pos: token.pos };
            case 'date':
                return {
                    kind: 'temporal',
                    literalType: 'date',
                    start: token.value as number,
                    end: (token.value as number) + DAY_MS,
                    text: token.text,
                    pos: token.pos,
                };
            case 'datetime':
                return {
                    kind: 'temporal',
                    literalType: 'datetime',
                    start: token.value as number,
                    end: (token.value as number) + 1,
                    text: token.text,
                    pos: token.pos,
                };
            case 'ident':
                return this.wordLiteral(token);
            default:
                return this.fail(token);
        }
    }

    private wordLiteral(token: Token): Literal {
        const word = token.text.toUpperCase();
        if (word === 'NULL') return { kind: 'null', pos: token.pos };
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: token.pos };
        const today = startOfUtcDay(this.nowMs);
        const range = (start: number, end: number, text = token.text): Literal => ({
            kind: 'temporal',
            literalType: 'function',
            start,
            end,
            text,
            pos: token.pos,
        });
        if (word === 'TODAY') return range(today, today + DAY_MS);
        if (word === 'YESTERDAY') return range(today - DAY_MS, today);
        if (word === 'TOMORROW') return range(today + DAY_MS, today + 2 * DAY_MS);
        if (word === 'LAST_N_DAYS' || word === 'NEXT_N_DAYS') {
            this.expectPunct(':');
            const n = this.nonNegativeInteger();
            const text = `${token.text}:${n}`;
            // LAST_N_DAYS:n starts n days ago and runs through the end of today; NEXT_N_DAYS:n is the n days after today.
            return word === 'LAST_N_DAYS'
                ? range(today - n * DAY_MS, today + DAY_MS, text)
                : range(today + DAY_MS, today + (n + 1) * DAY_MS, text);
        }
        return this.fail(token);
    }
}

export function parseSoql(query: string, nowMs: number): SoqlQuery {
    return new Parser(query, tokenize(query), nowMs).parse();
}
