# mistake: labels node02 as ssd as well (overwriting hdd), so two nodes claim to have SSDs
# fails: label-node/only-node01
# message: Only node01 should carry disktype=ssd
kubectl label node node01 disktype=ssd
kubectl label node node02 disktype=ssd --overwrite
