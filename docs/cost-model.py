# Cost model of docs/DEPLOY.md: per-MAU activity x measured capacity units (docs/PERFORMANCE.md)
api = [  # name, per MAU, RCU, WCU (measured ConsumedCapacity per request)
 ("GET /users/me",30,1.0,0),("GET /users/{id}",30,0.5,0),("PUT /users/me",2,1,1),
 ("GET prefs",10,1,0),("PUT prefs",1,1,1),("follow",4,2,2),("unfollow",1,1,2),
 ("list page",10,11.25,0),("search",10,0.5,0),("email change request",0.01,3,4),("email change confirm",0.01,5,16)]
req = sum(a[1] for a in api); rcu_api = sum(a[1]*a[2] for a in api); wcu_api = sum(a[1]*a[3] for a in api)
signups=0.1; tokens=30
signins=10                           # sign-ins with a password (the other token issuances are refreshes): PostAuthentication
rcu_trig = tokens*1 + signups*2 + signins*1   # PreTokenGeneration GetItem (consistent, <4KB); sign-up reads; PostAuthentication GetItem
wcu_trig = signups*19 + signins*1    # upper bound: POST /users 18 WCU (incl. idempotency) + reservation put 1; lastSignInAt UpdateItem
                                     # (upper bound: every sign-in at least 15 minutes after the last)
events = 2+1+4+1+signups             # profile.updated, preferences.updated, followed, unfollowed, created
wcu_idem = events*2                  # claim PutItem + UpdateItem per published event (measured 2.00 calls/event), <=1KB
wcu_audit = events*1                 # one audit entry per event, BatchWriteItem, <1KB
follows = 5                          # follows + unfollows per MAU
print(f"API requests/MAU {req:.2f} RCU {rcu_api:.2f} WCU {wcu_api:.2f}; triggers RCU {rcu_trig:.1f} WCU {wcu_trig:.1f}; events {events:.1f}")
windows_per_month_per_shard = 30*24*3600/120
P = dict(cognito_plus=0.020, cognito_ess=0.015, apigw=3.50e-6, lreq=0.20e-6, gbs=0.0000133334,
         wru=0.625e-6, rru=0.125e-6, gb=0.25, pitr=0.20, eb=1e-6, arch=0.10, log=0.50, xray=5e-6, ses=0.10e-3)
import math
rows = {}
for mau, shards in ((10_000,1),(100_000,2),(1_000_000,15)):
    f = mau*follows
    per_shard = f/shards/windows_per_month_per_shard
    # windows with at least one follow (Poisson)
    windows = shards*windows_per_month_per_shard*(1-math.exp(-per_shard))
    profile_writes = 2*f                      # both profiles; measured 1.32/follow at 1000 follows/window, >=1.32 below
    counter_items = profile_writes + 4*windows # + journal part put, checkpoint update (commit); part delete, checkpoint update (apply)
    wcu_counter = 2*counter_items              # every counter write is transactional
    rcu_counter = windows                      # checkpoint GetItem per window
    rcu = mau*(rcu_api+rcu_trig) + rcu_counter
    wcu = mau*(wcu_api+wcu_trig+wcu_idem+wcu_audit) + wcu_counter
    stream_records = mau*(2+1+4+1+signups*3+signins) + profile_writes   # USER#/EMAIL# writes reach ChangeStream
    inv_api = mau*req; inv_trig = mau*(tokens+2*signups+signins); inv_change = stream_records; inv_counter = 2*windows
    gbs = (inv_api*0.025 + inv_trig*0.025 + inv_change*0.050)*1.0 + inv_counter*0.030*0.5
    inv = inv_api+inv_trig+inv_change+inv_counter
    storage_gb = mau*142e3/1e9
    c = {}
    c["Cognito Plus"] = mau*P["cognito_plus"]
    c["API Gateway"] = inv_api*P["apigw"]
    c["WAF"] = 9 + inv_api*0.60e-6
    c["Lambda"] = inv*P["lreq"] + gbs*P["gbs"]
    c["DynamoDB requests"] = rcu*P["rru"] + wcu*P["wru"]
    c["DynamoDB storage+PITR"] = storage_gb*(P["gb"]+P["pitr"])
    c["EventBridge"] = mau*events*P["eb"] + mau*events*1e3/1e9*P["arch"]
    c["CloudWatch Logs"] = (inv*1e3 + inv_api*0.5e3 + mau*events*1e3)/1e9*P["log"]
    traced = min(inv, 2.592e6) + 0.05*max(0, inv-2.592e6)
    c["X-Ray"] = max(0, traced-1e5)*P["xray"]
    c["SES"] = mau*0.15*P["ses"]
    c["fixed"] = 30*0.10 + 3 + 1 + 0.40
    total = sum(c.values()); ess = total - c["Cognito Plus"] + max(0, mau-10_000)*P["cognito_ess"]
    print(f"\n{mau} MAU shards {shards} follows/window/shard {per_shard:.1f} windows {windows:,.0f}")
    print(f"  per MAU: RCU {rcu/mau:.1f} WCU {wcu/mau:.1f} (counter {wcu_counter/mau:.1f}, idem {wcu_idem}, audit {wcu_audit}) "
          f"stream records {stream_records/mau:.1f} invocations {inv/mau:.1f} GB-s {gbs/mau:.2f}")
    for k,v in c.items(): print(f"  {k:24s} {v:12,.2f}")
    print(f"  total {total:,.2f}  essentials {ess:,.2f}")
