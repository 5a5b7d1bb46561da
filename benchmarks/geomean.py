# Geometric means over corpus.csv files of the corpus runner (run-corpus): Gatun ÷ peer, warm medians and cold
# (prepare + first run); noop and shootout-nestedloop (microseconds: timer noise) left out.
import csv, math, sys
rows={}
for f in sys.argv[1:]:
    for r in csv.DictReader(open(f)):
        rows[(r['module'],r['engine'])]=r
mods=sorted({m for m,e in rows})
def val(m,e,col):
    r=rows.get((m,e))
    if not r or r['status']!='OK': return None
    v=int(r[col]); return v if v>0 else None
def gm(xs): return math.exp(sum(map(math.log,xs))/len(xs)) if xs else float('nan')
excl={'noop','shootout-nestedloop'}
simd=lambda m: m.startswith('libsodium') or m.endswith('-simd')
for peer in ['wasmtime','node','chicory-compiler']:
    allr=[];rest=[];sg=[];cold=[]
    for m in mods:
        if m in excl: continue
        g=val(m,'gatun','median_ns'); p=val(m,peer,'median_ns')
        if g and p:
            x=g/p; allr.append(x); (sg if simd(m) else rest).append(x)
        gc=val(m,'gatun','first_run_ns'); gp=val(m,'gatun','prepare_ns'); pc=val(m,peer,'first_run_ns'); pp=val(m,peer,'prepare_ns')
        if gc and gp and pc and pp: cold.append((gc+gp)/(pc+pp))
    if allr: print(peer, 'warm all %.2fx (%d)'%(gm(allr),len(allr)), '| SIMD+libsodium %.2fx (%d)'%(gm(sg),len(sg)), '| rest %.2fx (%d)'%(gm(rest),len(rest)), '| >4x: %d'%sum(1 for x in allr if x>4), '| cold %.2fx (%d)'%(gm(cold),len(cold)))
out=[]
for m in mods:
    g=val(m,'gatun','median_ns'); w=val(m,'wasmtime','median_ns')
    if g and w and m not in excl: out.append((g/w,m))
out.sort(reverse=True)
print(' '.join('%s:%.1f'%(m,x) for x,m in out))
