#!/usr/bin/env python3
"""Random but realistic MRZ lines for training and evaluating the OCR model.

Writes one line per output line. The mix covers every ICAO 9303 format
(TD1 30, TD2 36, TD3/MRV-A 44, MRV-B 36 characters) with valid check digits,
long '<' filler runs, confusable character sequences (0/O, 1/I, 5/S, 8/B, 2/Z,
D/0, Q/O, K/<) and 2-3 lines stitched into one long line separated by spaces,
which is how the OCR stage may batch lines to pay Tesseract's per-call cost once.

Usage: mrz_text.py --seed N --count N [--no-stitch] > lines.txt
Only the Python standard library is used so the script runs anywhere.
"""
import argparse
import random
import string

LETTERS = string.ascii_uppercase
DIGITS = string.digits
ALNUM = LETTERS + DIGITS
ALPHABET = ALNUM + "<"

# Real and special issuer/nationality codes (ISO 3166-1 alpha-3 plus ICAO extras).
COUNTRIES = (
    "AFG ALB DZA AGO ARG ARM AUS AUT AZE BGD BEL BEN BOL BIH BRA BGR BFA BDI KHM "
    "CMR CAN CAF TCD CHL CHN COL COD COG CRI CIV HRV CUB CYP CZE DNK DJI DOM ECU "
    "EGY SLV ERI EST ETH FIN FRA GAB GMB GEO GHA GRC GTM GIN HTI HND HUN ISL IND "
    "IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KWT KGZ LAO LVA LBN LBR LBY LTU "
    "LUX MDG MWI MYS MLI MRT MEX MDA MNG MNE MAR MOZ MMR NAM NPL NLD NZL NIC NER "
    "NGA PRK MKD NOR OMN PAK PSE PAN PRY PER PHL POL PRT QAT ROU RUS RWA SAU SEN "
    "SRB SLE SGP SVK SVN SOM ZAF KOR SSD ESP LKA SDN SWE CHE SYR TWN TJK TZA THA "
    "TGO TUN TUR TKM UGA UKR ARE GBR USA URY UZB VEN VNM YEM ZMB ZWE XKX "
    "D<< UTO XXA XXB XXC XXX EUE UNO UNA GBD GBN GBO GBS GBP RKS"
).split()

# Pairs a generic OCR engine confuses; we want many of them side by side.
CONFUSABLE_GROUPS = ["0OQD", "1I", "5S", "8B", "2Z", "K<", "6G", "4A", "7T", "UV", "MN", "EF", "CG"]

SYLLABLES = (
    "AB AL AN AR AS BA BE BI BO DA DE DI DO EL EN ER ES FA FE GA GE GO HA HE HO IA IN "
    "IS JA JO KA KE KI KO LA LE LI LO LU MA ME MI MO MU NA NE NI NO OU PA PE PI PO QU "
    "RA RE RI RO SA SE SI SO TA TE TI TO UL UR VA VE VI WA XA YA YE ZA ZE ZI ZO SH CH"
).split()

WEIGHTS = [7, 3, 1]


def check_digit(text):
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            v = ord(ch) - 48
        elif ch.isalpha():
            v = ord(ch) - 55
        else:
            v = 0
        total += v * WEIGHTS[i % 3]
    return str(total % 10)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def pad(self, text, width):
        return (text + "<" * width)[:width]

    def word(self):
        r = self.r
        mode = r.random()
        if mode < 0.55:
            w = "".join(r.choice(SYLLABLES) for _ in range(r.randint(1, 5)))
        elif mode < 0.85:  # uniform random letters: no language prior to lean on
            w = "".join(r.choice(LETTERS) for _ in range(r.randint(2, 12)))
        else:  # letters drawn from confusable groups (O/Q/D, I, S, B, Z, G ...)
            pool = "OQDISBZGKAECUVMN"
            w = "".join(r.choice(pool) for _ in range(r.randint(2, 10)))
        return w[: r.randint(2, 14)] if len(w) > 14 else w

    def name(self, width):
        r = self.r
        primary = "<".join(self.word() for _ in range(r.choice([1, 1, 1, 2, 3])))
        given = "<".join(self.word() for _ in range(r.choice([0, 1, 1, 2, 2, 3, 4])))
        text = primary + ("<<" + given if given else "")
        if len(text) > width and r.random() < 0.5:
            return text[:width]  # truncated names fill the field completely
        return self.pad(text, width)

    def date(self):
        r = self.r
        if r.random() < 0.04:
            return r.choice(["<<<<<<", "XXXXXX", "000000"])[:6]
        return "%02d%02d%02d" % (r.randint(0, 99), r.randint(1, 12), r.randint(1, 31))

    def docnum(self, width=9):
        r = self.r
        style = r.random()
        if style < 0.4:
            s = "".join(r.choice(DIGITS) for _ in range(width))
        elif style < 0.8:
            s = "".join(r.choice(ALNUM) for _ in range(width))
        else:
            n = r.randint(5, width)
            s = "".join(r.choice("0O1I5S8B2ZDQ") for _ in range(n))
        return self.pad(s, width)

    def optional(self, width):
        r = self.r
        mode = r.random()
        if mode < 0.5:
            return "<" * width
        n = r.randint(1, width)
        return self.pad("".join(r.choice(ALNUM) for _ in range(n)), width)

    def sex(self):
        return self.r.choice("MMFFFMX<")

    def country(self):
        return self.r.choice(COUNTRIES)

    def doc_type(self, first, second_pool):
        return first + self.r.choice(second_pool)

    def td1(self):
        doc = self.docnum()
        opt1 = self.optional(15)
        l1 = self.doc_type(self.r.choice("IAC"), "<<<DRP") + self.country() + doc + check_digit(doc) + opt1
        dob, exp = self.date(), self.date()
        head = dob + check_digit(dob) + self.sex() + exp + check_digit(exp) + self.country() + self.optional(11)
        comp = check_digit(l1[5:30] + head[0:7] + head[8:15] + head[18:29])
        l2 = head + comp
        l3 = self.name(30)
        return [l1, l2, l3]

    def td2(self, visa=False):
        kind = "V" if visa else self.r.choice("IAC")
        l1 = self.doc_type(kind, "<<<DRP") + self.country() + self.name(31)
        doc = self.docnum()
        dob, exp = self.date(), self.date()
        body = doc + check_digit(doc) + self.country() + dob + check_digit(dob) + self.sex() + exp + check_digit(exp)
        if visa:
            l2 = body + self.optional(8)
        else:
            opt = self.optional(7)
            comp = check_digit(doc + check_digit(doc) + dob + check_digit(dob) + exp + check_digit(exp) + opt)
            l2 = body + opt + comp
        return [l1, l2]

    def td3(self, visa=False):
        kind = "V" if visa else "P"
        l1 = self.doc_type(kind, "<<<<DOS") + self.country() + self.name(39)
        doc = self.docnum()
        dob, exp = self.date(), self.date()
        body = doc + check_digit(doc) + self.country() + dob + check_digit(dob) + self.sex() + exp + check_digit(exp)
        if visa:
            l2 = body + self.optional(16)
        else:
            pn = self.optional(14)
            pcd = "<" if pn == "<" * 14 and self.r.random() < 0.5 else check_digit(pn)
            comp = check_digit(doc + check_digit(doc) + dob + check_digit(dob) + exp + check_digit(exp) + pn + pcd)
            l2 = body + pn + pcd + comp
        return [l1, l2]

    def confusables(self, width):
        r = self.r
        out = []
        while len(out) < width:
            mode = r.random()
            if mode < 0.45:
                g = r.choice(CONFUSABLE_GROUPS)
                out.extend(r.choice(g) for _ in range(r.randint(2, 8)))
            elif mode < 0.7:
                out.extend("<" * r.randint(2, 25))
            else:
                out.extend(r.choice(ALPHABET) for _ in range(r.randint(1, 6)))
        return "".join(out[:width])

    def filler_run(self, width):
        """A few characters then a long run of '<' (or runs between words)."""
        r = self.r
        head = "".join(r.choice(ALNUM) for _ in range(r.randint(0, width // 2)))
        text = head + "<" * r.randint(3, width)
        if r.random() < 0.4:
            text += "".join(r.choice(ALNUM) for _ in range(r.randint(1, 4)))
        return self.pad(text, width)

    def document(self):
        r = self.r.random()
        if r < 0.25:
            return self.td1()
        if r < 0.42:
            return self.td2()
        if r < 0.50:
            return self.td2(visa=True)
        if r < 0.85:
            return self.td3()
        return self.td3(visa=True)

    def lines(self, count, stitch=True):
        out = []
        while len(out) < count:
            r = self.r.random()
            if r < 0.62:
                doc = self.document()
                if stitch and self.r.random() < 0.18:
                    k = self.r.randint(2, len(doc))
                    out.append((" " * self.r.choice([1, 1, 2, 3])).join(doc[:k]))
                else:
                    out.extend(doc)
            elif r < 0.82:
                out.append(self.confusables(self.r.choice([30, 36, 44])))
            else:
                out.append(self.filler_run(self.r.choice([30, 36, 44])))
        return out[:count]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--no-stitch", action="store_true", help="never join lines with spaces")
    args = ap.parse_args()
    gen = Gen(random.Random(args.seed))
    for line in gen.lines(args.count, stitch=not args.no_stitch):
        print(line)


if __name__ == "__main__":
    main()
