"""Maps: boundaries, layer values, classes, folium map builders and GeoJSON/KML/KMZ/HTML exports.

Map builders are pure functions returning folium.Map (no streamlit), shared by the Map page and
`cia map export`.
"""
