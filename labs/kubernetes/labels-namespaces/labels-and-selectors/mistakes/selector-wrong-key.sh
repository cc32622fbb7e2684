# mistake: keeps the selector kubectl create service generated (app=shop-frontend), which no pod carries
# fails: service/endpoints
# message: no pod in namespace default has these labels
kubectl create service clusterip shop-frontend --tcp=80:80
