# Independent reference values (plain Python, textbook formulas written non-incrementally).
import math
# deterministic OHLC series
seed=12345
def rnd():
    global seed
    seed=(seed*1103515245+12345)%(2**31)
    return seed/2**31
bars=[]; c=100.0
for i in range(45):
    o=c*(1+(rnd()-0.5)*0.02)
    cl=o*(1+(rnd()-0.5)*0.03)
    h=max(o,cl)*(1+rnd()*0.01)
    l=min(o,cl)*(1-rnd()*0.01)
    bars.append((round(o,2),round(h,2),round(l,2),round(cl,2))); c=cl
O=[b[0] for b in bars];H=[b[1] for b in bars];L=[b[2] for b in bars];C=[b[3] for b in bars]
print("bars:")
print(",\n".join("(%.2f, %.2f, %.2f, %.2f)"%b for b in bars))
def sma(x,n,i): return sum(x[i-n+1:i+1])/n
def ema(x,n):
    out=[None]*len(x); a=2/(n+1)
    for i in range(n-1,len(x)):
        out[i]= sum(x[:n])/n if i==n-1 else out[i-1]+a*(x[i]-out[i-1])
    return out
def rsi(x,n):
    out=[None]*len(x); d=[x[i]-x[i-1] for i in range(1,len(x))]
    g=[max(v,0) for v in d]; l=[max(-v,0) for v in d]
    ag=sum(g[:n])/n; al=sum(l[:n])/n; out[n]=100-100/(1+ag/al)
    for j in range(n,len(d)):
        ag=(ag*(n-1)+g[j])/n; al=(al*(n-1)+l[j])/n; out[j+1]=100-100/(1+ag/al)
    return out
def atr(n):
    tr=[H[0]-L[0]]+[max(H[i]-L[i],abs(H[i]-C[i-1]),abs(L[i]-C[i-1])) for i in range(1,len(C))]
    out=[None]*len(C); out[n-1]=sum(tr[:n])/n
    for i in range(n,len(C)): out[i]=(out[i-1]*(n-1)+tr[i])/n
    return out
def pstd(v): m=sum(v)/len(v); return math.sqrt(sum((a-m)**2 for a in v)/len(v))
def sstd(v): m=sum(v)/len(v); return math.sqrt(sum((a-m)**2 for a in v)/(len(v)-1))
e20=ema(C,20); a10=atr(10); a14=atr(14); r=rsi(C,14)
e12=ema(C,12); e26=ema(C,26); line=[None if e26[i] is None else e12[i]-e26[i] for i in range(len(C))]
sig=[None]*len(C); s9=ema(line[25:],9)
for i,v in enumerate(s9): sig[25+i]=v
def rv(i,n,kind):
    w=range(i-n+1,i+1)
    if kind=='cc': return sstd([math.log(C[j]/C[j-1]) for j in w])*math.sqrt(252)
    if kind=='pk': return math.sqrt(252*sum(math.log(H[j]/L[j])**2 for j in w)/(4*n*math.log(2)))
    if kind=='gk': return math.sqrt(252/n*sum(0.5*math.log(H[j]/L[j])**2-(2*math.log(2)-1)*math.log(C[j]/O[j])**2 for j in w))
    rs=lambda j: math.log(H[j]/C[j])*math.log(H[j]/O[j])+math.log(L[j]/C[j])*math.log(L[j]/O[j])
    if kind=='rs': return math.sqrt(252/n*sum(rs(j) for j in w))
    k=0.34/(1.34+(n+1)/(n-1))
    so=sstd([math.log(O[j]/C[j-1]) for j in w])**2; sc=sstd([math.log(C[j]/O[j]) for j in w])**2
    return math.sqrt(252*(so+k*sc+(1-k)*sum(rs(j) for j in w)/n))
for i in (19,20,33,44):
    w=C[i-19:i+1]; m=sum(w)/20; s=pstd(w); up=m+2*s; lo=m-2*s
    print(i, "sma20=%.10f ema20=%.10f rsi14=%s atr14=%.10f bb_up=%.10f bb_lo=%.10f pctb=%.10f width=%.10f kc_up=%.10f kc_lo=%.10f macd=%s sig=%s"%(
        m,e20[i],r[i],a14[i],up,lo,(C[i]-lo)/(up-lo),(up-lo)/m,e20[i]+2*a10[i],e20[i]-2*a10[i],line[i],sig[i]))
    print(i, " ".join("%s=%s"%(k, rv(i,20,k) if (k not in ('cc','yz') or i>=20) else None) for k in ('cc','pk','gk','rs','yz')))
# StockCharts RSI example
x=[44.34,44.09,44.15,43.61,44.33,44.83,45.10,45.42,45.84,46.08,45.89,46.03,45.61,46.28,46.28,46.00,46.03,46.41,46.22,45.64,46.21,46.25,45.71,46.45,45.78,45.35,44.03,44.18,44.22,44.57,43.42,42.66,43.13]
print("rsi sc", [round(v,4) if v else None for v in rsi(x,14)])
