# mistake: exposes shop with the selector tier=web, a label no pod has
# fails: expose/endpoints
kubectl -n hccda create service nodeport shop-svc --tcp=80:80 --node-port=30080
kubectl -n hccda set selector service shop-svc tier=web
