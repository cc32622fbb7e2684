# mistake: lists every node as a worker, the control plane node included
# fails: nodes/workers
# message: must list exactly the worker nodes
mkdir -p ~/answers
kubectl get nodes -o name > ~/answers/worker-nodes.txt
