"""Times the PyPI zxcvbn 4.5.0 on each password (in process) and writes each score."""
import json, statistics, sys, time
from zxcvbn import zxcvbn

passwords = [line for line in open(sys.argv[1], encoding="utf-8").read().split("\n") if line]
timings, scores = [], []
for password in passwords:
    start = time.perf_counter()
    result = zxcvbn(password, user_inputs=["alice", "hospital"])
    timings.append((time.perf_counter() - start) * 1e6)
    scores.append(result["score"])
open(sys.argv[2], "w").write("\n".join(map(str, scores)) + "\n")
timings.sort()
print(json.dumps({"passwords": len(timings), "median_us": round(statistics.median(timings), 2),
                  "mean_us": round(statistics.mean(timings), 2), "p99_us": round(timings[int(len(timings) * 0.99)], 2)}))
