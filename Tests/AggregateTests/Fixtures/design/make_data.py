"""Writes the synthetic survey behind the design fixtures (seeded; run once, output committed)."""
import csv, random
rng = random.Random(20261202)
# Households: 2 x 3 strata (region x zone), 3-6 PSUs each, 4-9 households per PSU, unequal weights, an fpc per stratum.
hh = []
psu_id = 100
for region in ["N", "S"]:
    for zone in ["a", "b", "c"]:
        npsu = rng.randint(3, 6)
        pop = npsu * rng.randint(4, 12)
        for _ in range(npsu):
            psu_id += rng.randint(1, 3)
            effect = rng.gauss(0, 0.8)
            for _ in range(rng.randint(4, 9)):
                hid = len(hh) + 1
                w = round(rng.uniform(20, 400) * (3 if zone == "c" else 1), 3)
                # y: 1/2/3 with a PSU effect; 9 no answer; 3 rare
                u = rng.random() + 0.15 * effect
                y = "9" if rng.random() < 0.04 else ("1" if u < 0.55 else ("2" if u < 0.97 else "3"))
                income = round(max(0, rng.gauss(300 + 80 * effect, 120)), 2)
                tiny = "1" if (region == "S" and zone == "a" and rng.random() < 0.25) else "0"
                rare = "1" if rng.random() < 0.02 else "0"
                hh.append(dict(hh_id=hid, region=region, zone=zone, psu=psu_id, weight=w, fpc=pop, y=y,
                               income=income, tiny=tiny, rare=rare, group=rng.choice(["g1", "g2"])))
with open("raw/households.csv", "w", newline="") as f:
    wr = csv.DictWriter(f, fieldnames=list(hh[0].keys()), lineterminator="\n")
    wr.writeheader(); wr.writerows(hh)
# Members: 1-6 per household, clustered in the household's PSU; abroad 0/1 with a household effect.
with open("raw/members.csv", "w", newline="") as f:
    wr = csv.writer(f, lineterminator="\n")
    wr.writerow(["hh_id", "line_no", "sex", "age", "abroad"])
    for h in hh:
        p = rng.uniform(0.05, 0.6)
        for line in range(1, rng.randint(1, 6) + 1):
            wr.writerow([h["hh_id"], line, rng.choice(["1", "2"]), rng.randint(0, 80), "1" if rng.random() < p else "0"])
# A simple random sample, unweighted, and the same with weights.
with open("raw/persons.csv", "w", newline="") as f:
    wr = csv.writer(f, lineterminator="\n")
    wr.writerow(["id", "sex", "answer", "w"])
    for i in range(1, 241):
        wr.writerow([i, rng.choice(["1", "2"]), rng.choice(["1", "1", "2", "3", "9"]), round(rng.uniform(0.5, 3), 2)])
