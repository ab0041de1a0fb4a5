from honbu.similarity.cluster import average_link


def test_average_link_does_not_chain_two_groups_through_one_edge():
    # Two tight triangles joined by one edge above the threshold (2–3): single-link would merge all six.
    triangle = [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.9), (3, 4, 0.9), (3, 5, 0.9), (4, 5, 0.9)]

    labels = average_link(6, triangle + [(2, 3, 0.6)], threshold=0.5)

    assert len({labels[0], labels[1], labels[2]}) == 1
    assert len({labels[3], labels[4], labels[5]}) == 1
    assert labels[0] != labels[3]


def test_average_link_leaves_weakly_linked_items_alone():
    assert average_link(3, [(0, 1, 0.2), (1, 2, 0.3)], threshold=0.5) == [0, 1, 2]
